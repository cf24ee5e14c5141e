import { wallFromFields } from '../cron/civil.js';
import { InvalidCronError } from '../cron/cron-errors.js';
import { cronMatcher, parseCron, type ParsedCron } from '../cron/cron-parse.js';
import { CronTicks, type CronTick } from '../cron/cron-ticks.js';
import { assertTimeZone, zoneTimeline } from '../cron/zone-timeline.js';
import { formatLocalTime } from './local-time.js';

/** `1` walks towards the future, `-1` towards the past. */
type Direction = 1 | -1;

// Iteration ends where croner's searches ended when it matched schedules: forward at local
// year 3000, backward before year 1. Time partitions have no such bound.
const FIRST_WALL = wallFromFields(1, 1, 1);
const END_WALL = wallFromFields(3000, 1, 1);

/** When a schedule fires: the `cron | crons` and `timezone` of a schedule definition. */
export interface CronScheduleSpec {
  /** One cron string, or several. Give `cron` or `crons`, not both. */
  readonly cron?: string | readonly string[];
  /** Several cron strings; the schedule fires at the sorted, de-duplicated union of their ticks. */
  readonly crons?: readonly string[];
  /** IANA time zone the crons are read in. Default `UTC`, as in Dagster. */
  readonly timezone?: string;
}

/** A validated {@link CronScheduleSpec}. Plain frozen data: safe to serialize and compare. */
export interface CronSchedule {
  /** At least one, de-duplicated by expression, in the order given. */
  readonly crons: readonly ParsedCron[];
  /** IANA time zone name. */
  readonly timezone: string;
}

/** One time a schedule fires. */
export interface ScheduleTick {
  /** The instant. */
  readonly timestamp: Date;
  /**
   * Local time in the schedule's zone as ISO 8601 with its offset (`2025-11-02T01:30:00-05:00`);
   * the offset tells the two copies of a repeated hour apart.
   */
  readonly localTime: string;
}

/** Options of {@link nextTicks}, {@link previousTick} and {@link ticksBetween}. */
export interface TickQueryOptions {
  /**
   * Whether a tick exactly at the starting instant counts. Default `false`: "after" and
   * "before" are strict, so passing the last processed tick never yields it again.
   * (Dagster's `cron_string_iterator` is inclusive; pass `true` for that.)
   */
  readonly inclusive?: boolean;
}

/** Options of {@link iterateTicks}. */
export interface IterateTicksOptions extends TickQueryOptions {
  /** Default `'forward'` (ascending); `'backward'` yields descending ticks. */
  readonly direction?: 'forward' | 'backward';
}

/**
 * Validates a schedule's crons and time zone once, for all later tick queries.
 * @throws InvalidCronError for a bad cron (or none), InvalidTimeZoneError for a bad zone
 */
export function compileCronSchedule(spec: CronScheduleSpec): CronSchedule {
  if (spec.cron !== undefined && spec.crons !== undefined) {
    throw new InvalidCronError(describeCrons(spec), 'give cron or crons, not both');
  }
  const given = spec.crons ?? spec.cron;
  const sources = typeof given === 'string' ? [given] : [...(given ?? [])];
  if (sources.length === 0) throw new InvalidCronError('', 'a schedule needs at least one cron string');
  const timezone = assertTimeZone(spec.timezone ?? 'UTC');
  const crons = new Map<string, ParsedCron>();
  for (const source of sources) {
    const parsed = parseCron(source);
    if (!crons.has(parsed.expression)) crons.set(parsed.expression, parsed);
  }
  return Object.freeze({ crons: Object.freeze([...crons.values()]), timezone });
}

/**
 * The schedule's ticks from `from`, lazily, in the given direction (default forward,
 * exclusive of `from`). Ends only at year 3000 forward and year 1 backward: bound the loop
 * yourself. Dagster's DST rules apply (cron-ticks.ts).
 */
export function* iterateTicks(
  schedule: CronSchedule,
  from: Date,
  options: IterateTicksOptions = {},
): Generator<ScheduleTick, void, undefined> {
  const direction: Direction = options.direction === 'backward' ? -1 : 1;
  const start = instantOf(from, 'from');
  // Instants are whole seconds, so a strict bound is the next whole second in walking order.
  const bound = options.inclusive === true ? start : strictBound(start, direction);
  const zone = zoneTimeline(schedule.timezone);
  const walks = schedule.crons.map((cron) => {
    const ticks = new CronTicks(cronMatcher(cron), zone);
    // Instants are whole milliseconds: "at or before `bound`" is "before `bound + 1`".
    return direction === 1 ? ticks.forward(bound) : ticks.backward(bound + 1);
  });
  for (const tick of walks.length === 1 ? walks[0]! : mergeTicks(walks, direction)) {
    if (direction === 1 ? tick.wall >= END_WALL : tick.wall < FIRST_WALL) return;
    yield { timestamp: new Date(tick.instant), localTime: formatLocalTime(schedule.timezone, tick.instant) };
  }
}

/** The first `count` ticks after `after` (inclusive with `inclusive: true`), ascending. */
export function nextTicks(schedule: CronSchedule, after: Date, count: number, options: TickQueryOptions = {}): ScheduleTick[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  const ticks: ScheduleTick[] = [];
  if (count === 0) return ticks;
  for (const tick of iterateTicks(schedule, after, options)) {
    ticks.push(tick);
    if (ticks.length === count) break;
  }
  return ticks;
}

/** The last tick before `before` (inclusive with `inclusive: true`), or undefined if none. */
export function previousTick(schedule: CronSchedule, before: Date, options: TickQueryOptions = {}): ScheduleTick | undefined {
  const first = iterateTicks(schedule, before, { ...options, direction: 'backward' }).next();
  return first.done === true ? undefined : first.value;
}

/**
 * The ticks in `(start, end]`, ascending: what fell due between the last evaluation and now.
 * `inclusive: true` makes it `[start, end]`. Its length grows with the span: bound the span
 * for fine crons (a year of `* * * * *` is 525,600 ticks).
 */
export function ticksBetween(schedule: CronSchedule, start: Date, end: Date, options: TickQueryOptions = {}): ScheduleTick[] {
  const endMs = instantOf(end, 'end');
  const ticks: ScheduleTick[] = [];
  for (const tick of iterateTicks(schedule, start, options)) {
    if (tick.timestamp.getTime() > endMs) break;
    ticks.push(tick);
  }
  return ticks;
}

/**
 * Merges several walks in the same direction into one, dropping instants that several
 * yield (a schedule's crons may overlap: `0 * * * *` and `0 0 * * *`).
 */
function* mergeTicks(walks: Iterator<CronTick>[], direction: Direction): Generator<CronTick, void, undefined> {
  const heads = walks.map((walk) => walk.next());
  for (;;) {
    let best: CronTick | undefined;
    for (const head of heads) {
      if (!head.done && (best === undefined || (head.value.instant - best.instant) * direction < 0)) best = head.value;
    }
    if (best === undefined) return;
    yield best;
    const instant = best.instant;
    heads.forEach((head, index) => {
      const walk = walks[index];
      if (!head.done && head.value.instant === instant && walk !== undefined) heads[index] = walk.next();
    });
  }
}

function instantOf(date: Date, name: string): number {
  const ms = date instanceof Date ? date.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${name} must be a valid Date`);
  return ms;
}

function strictBound(ms: number, direction: Direction): number {
  return direction === 1 ? Math.floor(ms / 1000) * 1000 + 1000 : Math.ceil(ms / 1000) * 1000 - 1000;
}

function describeCrons(spec: CronScheduleSpec): string {
  return JSON.stringify({ cron: spec.cron, crons: spec.crons });
}
