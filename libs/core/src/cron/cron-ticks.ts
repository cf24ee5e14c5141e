import type { WallCron } from './wall-cron.js';
import type { ZoneSegment, ZoneTimeline } from './zone-timeline.js';

// The instants at which a cron fires in a time zone, with Dagster's DST rules (STACK.md,
// "croner and DST"; Dagster's "Execution times and daylight savings time"):
// - a cron whose hour field is `*` ("repeats every hour") fires in both copies of a repeated
//   hour and not at all in a skipped one: it keeps firing once an hour of elapsed time;
// - any other cron fires once, in the later copy, at a repeated wall time, and at the first
//   instant after the jump (the end of the gap) for a skipped wall time.
// Dagster applies these rules only to local hours 1-3; here they hold at any hour, so zones
// that change at midnight (America/Havana, America/Santiago) follow the same rules.
// Ticks are produced segment by segment (a segment keeps one UTC offset), so within a
// segment a tick is just `wall - offset`: no per-tick time-zone lookups. The scans take a
// callback rather than yielding: enumerating 100,000 keys must stay far below 100 ms.

/** One firing: its instant, its wall time, and whether it is the second copy of a repeated wall time. */
export interface CronTick {
  readonly instant: number;
  readonly wall: number;
  readonly repeated: boolean;
}

/** Receives ticks during a scan; return false to stop. */
export type TickVisitor = (instant: number, wall: number, repeated: boolean) => boolean | void;

const MAX_BATCH = 64;

/**
 * The ticks of one cron in one zone, with Dagster's DST rules: schedule ticks, and the window
 * boundaries of time partitions. A valid cron matches in every 400-year cycle, so the scans
 * only end when the visitor stops them.
 */
export class CronTicks {
  constructor(
    readonly cron: WallCron,
    readonly zone: ZoneTimeline,
  ) {}

  /** Visits ticks at or after `from`, ascending, until `visit` returns false. */
  scanForward(from: number, visit: TickVisitor): void {
    const fixed = !this.cron.repeatsEveryHour;
    const step = this.cron.stepMs;
    let last = -Infinity;
    for (let segment = this.zone.segmentAt(from); ; segment = this.zone.segmentAt(segment.end)) {
      const gap = this.gapWall(segment);
      if (gap !== undefined && segment.start >= from) {
        if (visit(segment.start, gap, false) === false) return;
        last = segment.start;
      }
      const { offset } = segment;
      const wallHi = this.wallEnd(segment, fixed);
      const repeatedBelow = segment.offsetBefore > offset ? segment.start + segment.offsetBefore : -Infinity;
      let w = this.cron.nextWall(Math.max(from, segment.start) + offset - 1);
      while (w !== undefined && w < wallHi) {
        const instant = w - offset;
        if (instant > last) {
          if (visit(instant, w, w < repeatedBelow) === false) return;
          last = instant;
        }
        // A fixed-step cron (every hour, every day, */15...) steps without searching.
        w = step === undefined ? this.cron.nextWall(w) : w + step;
      }
      // No match in 400 years means none ever (wall-cron.ts): nothing is left to visit.
      if (w === undefined) return;
    }
  }

  /** Visits ticks strictly before `before`, descending, until `visit` returns false. */
  scanBackward(before: number, visit: TickVisitor): void {
    const fixed = !this.cron.repeatsEveryHour;
    let last = Infinity;
    for (let segment = this.zone.segmentAt(before - 1); ; segment = this.zone.segmentAt(segment.start - 1)) {
      const { offset } = segment;
      const wallHi = Math.min(Math.min(before, segment.end) + offset, this.wallEnd(segment, fixed));
      const wallLo = segment.start + offset;
      const repeatedBelow = segment.offsetBefore > offset ? segment.start + segment.offsetBefore : -Infinity;
      let w = this.cron.prevWall(wallHi);
      for (; w !== undefined && w >= wallLo; w = this.cron.prevWall(w)) {
        const instant = w - offset;
        if (instant >= last) continue;
        if (visit(instant, w, w < repeatedBelow) === false) return;
        last = instant;
      }
      const gap = this.gapWall(segment);
      if (gap !== undefined && segment.start < before && segment.start < last) {
        if (visit(segment.start, gap, false) === false) return;
        last = segment.start;
      }
      if (w === undefined) return;
    }
  }

  // The generators scan in batches that grow from one tick to MAX_BATCH: a caller that wants
  // the next tick of a cron that fires once in decades (`0 0 * 2 1#5`) must not pay for 64 of
  // them, which would probe centuries of time-zone offsets.

  /** Ticks at or after `from`, ascending (lazily, in batches). */
  *forward(from: number): Generator<CronTick, void, undefined> {
    for (let cursor = from, size = 1; ; size = Math.min(2 * size, MAX_BATCH)) {
      const batch = this.collect(size, (visit) => this.scanForward(cursor, visit));
      yield* batch;
      if (batch.length < size) return;
      cursor = batch[batch.length - 1]!.instant + 1;
    }
  }

  /** Ticks strictly before `before`, descending (lazily, in batches). */
  *backward(before: number): Generator<CronTick, void, undefined> {
    for (let cursor = before, size = 1; ; size = Math.min(2 * size, MAX_BATCH)) {
      const batch = this.collect(size, (visit) => this.scanBackward(cursor, visit));
      yield* batch;
      if (batch.length < size) return;
      cursor = batch[batch.length - 1]!.instant;
    }
  }

  /** The first tick at or after `from`. */
  first(from: number): CronTick | undefined {
    return this.collect(1, (visit) => this.scanForward(from, visit))[0];
  }

  /** The last tick strictly before `before`. */
  last(before: number): CronTick | undefined {
    return this.collect(1, (visit) => this.scanBackward(before, visit))[0];
  }

  private collect(size: number, scan: (visit: TickVisitor) => void): CronTick[] {
    const batch: CronTick[] = [];
    scan((instant, wall, repeated) => batch.push({ instant, wall, repeated }) < size);
    return batch;
  }

  /** End (exclusive) of the walls a segment owns: a fixed cron leaves the first copy of a repeated hour to the later copy. */
  private wallEnd(segment: ZoneSegment, fixed: boolean): number {
    return fixed && segment.offsetAfter < segment.offset ? segment.end + segment.offsetAfter : segment.end + segment.offset;
  }

  /** For a fixed cron whose wall time was skipped by a spring-forward jump, the wall time it fires at instead (the jump's end). */
  private gapWall(segment: ZoneSegment): number | undefined {
    if (this.cron.repeatsEveryHour || segment.offsetBefore >= segment.offset) return undefined;
    const skippedTo = segment.start + segment.offset;
    return this.cron.matchesBetween(segment.start + segment.offsetBefore, skippedTo) ? skippedTo : undefined;
  }
}
