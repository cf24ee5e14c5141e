import { InvalidPartitionKeyRangeError, InvalidPartitionsDefinitionError, PartitionKeyNotFoundError } from '../errors.js';
import type { TimeWindowPartitionsDefinitionJSON } from '../json/definition-json.js';
import { findPartitionKeyProblem } from '../partition-key.js';
import { InvalidCronError, InvalidTimeZoneError } from '../../cron/cron-errors.js';
import { cronMatcher, parseCron } from '../../cron/cron-parse.js';
import { CronTicks, type CronTick } from '../../cron/cron-ticks.js';
import type { CronUnit, WallCron } from '../../cron/wall-cron.js';
import { zoneTimeline, type ZoneTimeline } from '../../cron/zone-timeline.js';
import { KeyFormat, type KeyFormatUnit } from '../time/key-format.js';
import type { PartitionKeyRange, PartitionsContext } from '../types.js';
import { parseBoundary } from './boundary.js';
import { DEFAULT_DATE_FORMAT, DEFAULT_HOURLY_FORMAT, scheduleTypeOfCron, type CronPartitionsOptions, type PartitionScheduleType } from './time-window-options.js';
import { TimeWindowPartitionsSubset } from './time-window-subset.js';

/** The time window `[start, end)` of one partition. */
export interface PartitionTimeWindow {
  readonly start: Date;
  readonly end: Date;
}

const UNITS_NEEDED: Record<CronUnit, readonly KeyFormatUnit[]> = {
  minute: ['year', 'month', 'day', 'hour', 'minute'],
  hour: ['year', 'month', 'day', 'hour'],
  day: ['year', 'month', 'day'],
  month: ['year', 'month'],
  year: ['year'],
};

/**
 * Partitions that are the windows between consecutive ticks of a cron schedule in a time zone
 * (Dagster's TimeWindowPartitionsDefinition). A key is the formatted start of its window; a
 * window's partition exists once the window has ended (see `endOffset`). Build it through
 * hourlyPartitionsDefinition, dailyPartitionsDefinition, ... or timeWindowPartitionsDefinition.
 */
export class TimeWindowPartitionsDefinition {
  readonly kind = 'time-window' as const;
  readonly cron: string;
  readonly timezone: string;
  readonly start: Date;
  readonly end: Date | undefined;
  readonly fmt: string;
  readonly endOffset: number;
  /** Start (epoch ms) of the first window: the first tick at or after `start`. */
  readonly firstStartMs: number;
  /** `end` in epoch ms. */
  readonly endMs: number | undefined;
  readonly ticks: CronTicks;
  private readonly format: KeyFormat;
  private readonly offsetFormat: KeyFormat;
  private readonly suffixRepeated: boolean;
  private json: TimeWindowPartitionsDefinitionJSON | undefined;
  private lastEnd: { now: number; end: number | undefined } | undefined;

  /** Throws {@link InvalidPartitionsDefinitionError} naming the bad option. */
  constructor(options: CronPartitionsOptions) {
    this.timezone = options.timezone ?? 'UTC';
    const zone = zoneOption(this.timezone);
    const cron = cronOption(options.cron);
    this.cron = options.cron;
    this.ticks = new CronTicks(cron, zone);
    this.fmt = options.fmt ?? (cron.finestUnit === 'minute' || cron.finestUnit === 'hour' ? DEFAULT_HOURLY_FORMAT : DEFAULT_DATE_FORMAT);
    this.format = new KeyFormat(this.fmt);
    this.offsetFormat = this.format.withOffset();
    const missing = UNITS_NEEDED[cron.finestUnit].filter((unit) => !this.format.units.has(unit));
    if (missing.length > 0) {
      throw new InvalidPartitionsDefinitionError('fmt', `${JSON.stringify(this.fmt)} cannot tell apart the partitions of cron ${JSON.stringify(this.cron)}: it lacks ${missing.join(', ')}`);
    }
    // Dagster's dst_safe_strftime: without %z, the second copy of a repeated hour gets the offset appended.
    this.suffixRepeated = cron.repeatsEveryHour && !this.format.hasOffset;
    this.endOffset = options.endOffset ?? 0;
    if (!Number.isSafeInteger(this.endOffset)) throw new InvalidPartitionsDefinitionError('endOffset', `must be an integer, got ${this.endOffset}`);
    const startMs = parseBoundary(options.start, 'start', this);
    this.start = new Date(startMs);
    this.endMs = options.end === undefined ? undefined : parseBoundary(options.end, 'end', this);
    this.end = this.endMs === undefined ? undefined : new Date(this.endMs);
    if (this.endMs !== undefined && this.endMs <= startMs) throw new InvalidPartitionsDefinitionError('end', 'must be after start');
    this.firstStartMs = this.ticks.first(startMs)!.instant;
    const sample = this.keyOfInstant(this.firstStartMs);
    const problem = findPartitionKeyProblem(sample);
    if (problem !== undefined) throw new InvalidPartitionsDefinitionError('fmt', `${JSON.stringify(this.fmt)} makes keys such as ${JSON.stringify(sample)}, which ${problem}`);
  }

  /** Hourly, daily, weekly or monthly when the cron has one of those shapes (Dagster's schedule_type). */
  get scheduleType(): PartitionScheduleType | undefined {
    return scheduleTypeOfCron(this.cron);
  }

  /** All keys at `context.now`, oldest first. */
  allKeys(context: PartitionsContext): string[] {
    const end = this.existingEndMs(context.now);
    return end === undefined ? [] : this.keysBetween(this.firstStartMs, end);
  }

  count(context: PartitionsContext): number {
    const end = this.existingEndMs(context.now);
    return end === undefined ? 0 : this.countBetween(this.firstStartMs, end);
  }

  hasKey(key: string, context: PartitionsContext): boolean {
    const start = this.windowStartOfKey(key);
    const end = this.existingEndMs(context.now);
    return start !== undefined && end !== undefined && start < end;
  }

  firstKey(context: PartitionsContext): string | undefined {
    return this.existingEndMs(context.now) === undefined ? undefined : this.keyOfInstant(this.firstStartMs);
  }

  lastKey(context: PartitionsContext): string | undefined {
    const end = this.existingEndMs(context.now);
    return end === undefined ? undefined : this.keyOfTick(this.ticks.last(end)!);
  }

  /** Keys from `range.start` to `range.end` inclusive; both must exist at `context.now`. */
  keysInRange(range: PartitionKeyRange, context: PartitionsContext): string[] {
    const start = this.existingWindowStart(range.start, context);
    const end = this.existingWindowStart(range.end, context);
    if (start > end) throw new InvalidPartitionKeyRangeError(range.start, range.end);
    return this.keysBetween(start, this.nextBoundary(end));
  }

  /** The window of a key (whether or not it exists yet). Throws PartitionKeyNotFoundError for a key this definition cannot make. */
  windowForKey(key: string): PartitionTimeWindow {
    const start = this.windowStartOfKey(key);
    if (start === undefined) throw new PartitionKeyNotFoundError(key, this.describe());
    return { start: new Date(start), end: new Date(this.nextBoundary(start)) };
  }

  /** The key of the window that contains `time` (no bounds check, as in Dagster). */
  keyForTime(time: Date): string {
    return this.keyOfTick(this.ticks.last(time.getTime() + 1)!);
  }

  /** The windows of all existing partitions merged into one, or undefined when there are none. */
  existingWindow(context: PartitionsContext): PartitionTimeWindow | undefined {
    const end = this.existingEndMs(context.now);
    return end === undefined ? undefined : { start: new Date(this.firstStartMs), end: new Date(end) };
  }

  emptySubset(): TimeWindowPartitionsSubset {
    return new TimeWindowPartitionsSubset(this, []);
  }

  allSubset(context: PartitionsContext): TimeWindowPartitionsSubset {
    const end = this.existingEndMs(context.now);
    return new TimeWindowPartitionsSubset(this, end === undefined ? [] : [[this.firstStartMs, end]]);
  }

  /** A subset of these keys; throws PartitionKeyNotFoundError for a key this definition cannot make. */
  subsetWithKeys(keys: Iterable<string>): TimeWindowPartitionsSubset {
    return this.emptySubset().withKeys(keys);
  }

  /** Structural equality (same JSON). */
  equals(other: { readonly kind: string; toJSON(): unknown }): boolean {
    return other.kind === this.kind && JSON.stringify(other.toJSON()) === JSON.stringify(this.toJSON());
  }

  /** Equal except for `start` and `end` (Dagster's equal_except_for_start_or_end). */
  equalsExceptStartOrEnd(other: TimeWindowPartitionsDefinition): boolean {
    return this.cron === other.cron && this.timezone === other.timezone && this.fmt === other.fmt && this.endOffset === other.endOffset;
  }

  toJSON(): TimeWindowPartitionsDefinitionJSON {
    this.json ??= {
      kind: 'time-window',
      cron: this.cron,
      timezone: this.timezone,
      start: this.start.toISOString(),
      ...(this.end === undefined ? {} : { end: this.end.toISOString() }),
      fmt: this.fmt,
      endOffset: this.endOffset,
    };
    return this.json;
  }

  describe(): string {
    return `time-window partitions (cron ${JSON.stringify(this.cron)} in ${this.timezone})`;
  }

  // ---- epoch-ms helpers shared with subsets and mappings ----

  /**
   * End (epoch ms) of the last existing window at `now`, or undefined when no partition exists.
   * Dagster's rule: windows from the first one while they end by `now`, then `endOffset` more
   * (never past `end`); a negative `endOffset` drops that many of the most recent ones.
   */
  existingEndMs(now: Date): number | undefined {
    const nowMs = now.getTime();
    if (this.lastEnd?.now === nowMs) return this.lastEnd.end;
    let end: number;
    if (this.endOffset >= 0) {
      end = Math.max(this.boundaryAtOrBefore(nowMs) ?? -Infinity, this.firstStartMs);
      if (this.endOffset > 0) end = this.stepBoundaries(end, this.endOffset);
      if (this.endMs !== undefined) end = Math.min(end, this.boundaryAtOrBefore(this.endMs) ?? -Infinity);
    } else {
      end = this.boundaryAtOrBefore(this.endMs === undefined ? nowMs : Math.min(nowMs, this.endMs)) ?? -Infinity;
      if (end > this.firstStartMs) end = this.stepBoundaries(end, this.endOffset);
    }
    const result = end > this.firstStartMs ? end : undefined;
    this.lastEnd = { now: nowMs, end: result };
    return result;
  }

  /** Window start of a key made by this definition (within `start`/`end`, ignoring now), else undefined. */
  windowStartOfKey(key: string): number | undefined {
    const instant = this.instantOfKey(key);
    if (instant === undefined) return undefined;
    const tick = this.ticks.first(instant);
    if (tick === undefined || tick.instant < this.firstStartMs || this.keyOfTick(tick) !== key) return undefined;
    if (this.endMs !== undefined && this.nextBoundary(tick.instant) > this.endMs) return undefined;
    return tick.instant;
  }

  /** The instant a key or boundary string names (Dagster's dst_safe_strptime), before snapping to a tick. */
  instantOfKey(text: string): number | undefined {
    const parsed = this.format.parse(text) ?? this.offsetFormat.parse(text);
    if (parsed === undefined) return undefined;
    if (parsed.offset !== undefined) return parsed.wall - parsed.offset;
    return this.instantOfWall(parsed.wall);
  }

  /** A wall time's instant: the first copy of a repeated one; after the jump for a skipped one (Python's fold=0). */
  instantOfWall(wall: number): number {
    const zone = this.ticks.zone;
    const resolved = zone.resolveWall(wall);
    if (resolved.kind === 'unique') return resolved.instant;
    if (resolved.kind === 'ambiguous') return resolved.earlier;
    return wall - zone.offsetAt(resolved.transition - 1);
  }

  keyOfTick(tick: CronTick): string {
    const offset = tick.wall - tick.instant;
    return this.suffixRepeated && tick.repeated ? this.offsetFormat.format(tick.wall, offset) : this.format.format(tick.wall, offset);
  }

  /** Key of a window start (must be a tick). */
  keyOfInstant(instant: number): string {
    const segment = this.ticks.zone.segmentAt(instant);
    const wall = instant + segment.offset;
    return this.keyOfTick({ instant, wall, repeated: segment.offsetBefore > segment.offset && wall < segment.start + segment.offsetBefore });
  }

  /** Keys of the windows starting in `[from, to)`. */
  keysBetween(from: number, to: number): string[] {
    const keys: string[] = [];
    const { format, offsetFormat, suffixRepeated } = this;
    this.ticks.scanForward(from, (instant, wall, repeated) => {
      if (instant >= to) return false;
      keys.push(suffixRepeated && repeated ? offsetFormat.format(wall, wall - instant) : format.format(wall, wall - instant));
      return true;
    });
    return keys;
  }

  /** Number of windows starting in `[from, to)`. */
  countBetween(from: number, to: number): number {
    let count = 0;
    this.ticks.scanForward(from, (instant) => instant < to && ++count > 0);
    return count;
  }

  /** The first boundary strictly after `instant`. */
  nextBoundary(instant: number): number {
    return this.ticks.first(instant + 1)!.instant;
  }

  /** The last boundary at or before `instant`. */
  boundaryAtOrBefore(instant: number): number | undefined {
    return this.ticks.last(instant + 1)?.instant;
  }

  /** The boundary `steps` boundaries after (positive) or before (negative) the boundary `from`. */
  stepBoundaries(from: number, steps: number): number {
    const iterator = steps > 0 ? this.ticks.forward(from + 1) : this.ticks.backward(from);
    let at = from;
    for (let n = Math.abs(steps); n > 0; n--) {
      const tick = iterator.next();
      if (tick.done === true) break;
      at = tick.value.instant;
    }
    return at;
  }

  private existingWindowStart(key: string, context: PartitionsContext): number {
    const start = this.windowStartOfKey(key);
    const end = this.existingEndMs(context.now);
    if (start === undefined || end === undefined || start >= end) throw new PartitionKeyNotFoundError(key, this.describe());
    return start;
  }
}

// Crons and zones are validated by the same code as schedules' (cron/); the error names the
// option, as for every other option of a definition, and carries the schedules' error as cause.

function zoneOption(timezone: string): ZoneTimeline {
  try {
    return zoneTimeline(timezone);
  } catch (error) {
    if (!(error instanceof InvalidTimeZoneError)) throw error;
    throw new InvalidPartitionsDefinitionError('timezone', `${JSON.stringify(timezone)} is not an IANA time zone`, { cause: error });
  }
}

function cronOption(cron: string): WallCron {
  let matcher: WallCron;
  try {
    matcher = cronMatcher(parseCron(cron));
  } catch (error) {
    if (!(error instanceof InvalidCronError)) throw error;
    throw new InvalidPartitionsDefinitionError('cron', `${JSON.stringify(cron)} is not a valid five-field cron: ${error.reason}`, { cause: error });
  }
  // Schedules accept W and LW; partitions were released without them (docs/partitions.md), and
  // allowing them is a change of the public contract rather than of this code.
  if (matcher.usesWeekdayModifiers) {
    throw new InvalidPartitionsDefinitionError('cron', `${JSON.stringify(cron)}: the W and LW day modifiers are not supported for partitions`);
  }
  return matcher;
}
