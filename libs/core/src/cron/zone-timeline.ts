import { MS_PER_DAY, civilFromDays, daysFromCivil } from './civil.js';
import { InvalidTimeZoneError } from './cron-errors.js';

// A time zone as a list of constant-offset segments. Asking Intl for an offset costs a few
// microseconds, too much per tick or partition key, so each UTC year is probed once (every
// few days, then bisected to the second at each change) and kept: afterwards an offset is a
// lookup and enumerating ticks only touches Intl once per segment.

/** Instants `[start, end)` (epoch ms) during which a zone keeps one UTC offset. */
export interface ZoneSegment {
  readonly start: number;
  readonly end: number;
  /** Offset in ms: wall time = instant + offset. */
  readonly offset: number;
  /** Offset just before `start`; differs from `offset` when `start` is a real transition. */
  readonly offsetBefore: number;
  /** Offset at `end`; equal to `offset` when `end` only closes a cached year. */
  readonly offsetAfter: number;
}

/** The instants a wall time names: one, two (a repeated hour) or none (a skipped hour). */
export type WallResolution =
  | { readonly kind: 'unique'; readonly instant: number }
  | { readonly kind: 'ambiguous'; readonly earlier: number; readonly later: number }
  /** `transition`: the instant the clock jumped over this wall time. */
  | { readonly kind: 'gap'; readonly transition: number };

const PROBE_DAYS = 4;

interface Transition {
  readonly at: number;
  readonly before: number;
  readonly after: number;
}

interface YearChunk {
  readonly start: number;
  readonly end: number;
  readonly offsetAtStart: number;
  readonly offsetAtEnd: number;
  readonly transitions: readonly Transition[];
}

/** UTC offsets and transitions of one IANA zone, probed lazily per UTC year (see the file comment). */
export class ZoneTimeline {
  private readonly format: Intl.DateTimeFormat | undefined;
  private readonly chunks = new Map<number, YearChunk>();

  /** Throws RangeError for a zone Intl does not know (callers go through {@link zoneTimeline}). */
  constructor(readonly timeZone: string) {
    const probe = new Intl.DateTimeFormat('en-US', { timeZone });
    // UTC never shifts: skip Intl entirely. 'longOffset' prints the offset itself ("GMT+10:30",
    // "GMT-04:56:02", "GMT"): one format() call per probe, about three times cheaper than formatToParts.
    this.format =
      probe.resolvedOptions().timeZone === 'UTC' ? undefined : new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
  }

  offsetAt(instant: number): number {
    const chunk = this.chunkFor(instant);
    let offset = chunk.offsetAtStart;
    for (const transition of chunk.transitions) {
      if (transition.at > instant) break;
      offset = transition.after;
    }
    return offset;
  }

  /** The constant-offset segment that holds `instant`. */
  segmentAt(instant: number): ZoneSegment {
    const chunk = this.chunkFor(instant);
    const list = chunk.transitions;
    let i = -1;
    while (i + 1 < list.length && list[i + 1]!.at <= instant) i++;
    const current = list[i];
    const next = list[i + 1];
    const offset = current?.after ?? chunk.offsetAtStart;
    return {
      start: current?.at ?? chunk.start,
      end: next?.at ?? chunk.end,
      offset,
      offsetBefore: current?.before ?? offset,
      offsetAfter: next === undefined ? chunk.offsetAtEnd : next.after,
    };
  }

  /** The instants of a wall time (wall ms, see civil.ts). */
  resolveWall(wall: number): WallResolution {
    const before = this.offsetAt(wall - MS_PER_DAY);
    const after = this.offsetAt(wall + MS_PER_DAY);
    const found: number[] = [];
    for (const offset of before === after ? [before] : [before, after]) {
      const instant = wall - offset;
      if (this.offsetAt(instant) === offset && !found.includes(instant)) found.push(instant);
    }
    found.sort((a, b) => a - b);
    const [first, second] = found;
    if (first !== undefined && second !== undefined) return { kind: 'ambiguous', earlier: first, later: second };
    if (first !== undefined) return { kind: 'unique', instant: first };
    // Skipped: the clock jumped over `wall` between `wall - after` and `wall - before`.
    let segment = this.segmentAt(wall - after);
    while (segment.offsetAfter === segment.offset && segment.end <= wall - before) segment = this.segmentAt(segment.end);
    return { kind: 'gap', transition: segment.end };
  }

  private chunkFor(instant: number): YearChunk {
    const year = civilFromDays(Math.floor(instant / MS_PER_DAY)).year;
    let chunk = this.chunks.get(year);
    if (chunk === undefined) {
      chunk = this.buildChunk(year);
      this.chunks.set(year, chunk);
    }
    return chunk;
  }

  private buildChunk(year: number): YearChunk {
    const start = daysFromCivil(year, 1, 1) * MS_PER_DAY;
    const end = daysFromCivil(year + 1, 1, 1) * MS_PER_DAY;
    if (this.format === undefined) return { start, end, offsetAtStart: 0, offsetAtEnd: 0, transitions: [] };
    const transitions: Transition[] = [];
    // Probes one second before the year so that a transition exactly at its start is found.
    let previous = start - 1000;
    let previousOffset = this.rawOffset(previous);
    // Probes every PROBE_DAYS: the tz database has no two offset changes that close together
    // from 1900 to 2040 (checked against Node 22's data with 6-hourly probes; it would hide
    // both), and fewer Intl calls keep the first enumeration of a year fast.
    for (let probe = start; ; probe = Math.min(probe + PROBE_DAYS * MS_PER_DAY, end)) {
      const offset = this.rawOffset(probe);
      if (offset !== previousOffset) {
        const at = this.bisect(previous, probe, offset);
        // A change exactly at `end` belongs to the next year's chunk.
        if (at < end) transitions.push({ at, before: previousOffset, after: offset });
      }
      previous = probe;
      previousOffset = offset;
      if (probe === end) break;
    }
    return { start, end, offsetAtStart: this.rawOffset(start), offsetAtEnd: previousOffset, transitions };
  }

  /** First whole second in `(low, high]` whose offset is `offsetAtHigh`. */
  private bisect(low: number, high: number, offsetAtHigh: number): number {
    let lo = low;
    let hi = high;
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
      if (this.rawOffset(mid) === offsetAtHigh) hi = mid;
      else lo = mid;
    }
    return hi;
  }

  private rawOffset(instant: number): number {
    if (this.format === undefined) return 0;
    const text = this.format.format(instant);
    // "GMT", "GMT+5:30", "GMT-04:56:02" (local mean time before standard zones).
    const match = OFFSET_TEXT.exec(text);
    if (match === null) throw new Error(`unexpected offset text "${text}" for ${this.timeZone}`);
    if (match[1] === undefined) return 0;
    const seconds = Number(match[2]) * 3600 + Number(match[3] ?? 0) * 60 + Number(match[4] ?? 0);
    return (match[1] === '-' ? -seconds : seconds) * 1000;
  }
}

const OFFSET_TEXT = /GMT(?:([+-])(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?)?$/;
// Only valid zones are kept, so the map is bounded by the zone names Intl knows.
const timelines = new Map<string, ZoneTimeline>();

/**
 * The shared timeline of a zone (its probed years are cached for the process).
 * @throws InvalidTimeZoneError when `timezone` is not an IANA zone name
 */
export function zoneTimeline(timezone: string): ZoneTimeline {
  let timeline = timelines.get(timezone);
  if (timeline === undefined) {
    // Fixed offsets such as "+05:30" are refused: Dagster's execution_timezone takes zone names only.
    if (typeof timezone !== 'string' || timezone.trim() === '' || /^[+-]|:/.test(timezone)) {
      throw new InvalidTimeZoneError(String(timezone));
    }
    try {
      timeline = new ZoneTimeline(timezone);
    } catch (error) {
      throw new InvalidTimeZoneError(timezone, error);
    }
    timelines.set(timezone, timeline);
  }
  return timeline;
}

/**
 * Checks that `timezone` names an IANA zone and returns it unchanged.
 * @throws InvalidTimeZoneError
 */
export function assertTimeZone(timezone: string): string {
  zoneTimeline(timezone);
  return timezone;
}
