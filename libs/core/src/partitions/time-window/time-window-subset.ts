import { PartitionKeyNotFoundError, PartitionsSubsetMismatchError } from '../errors.js';
import type { TimeWindowPartitionsSubsetJSON } from '../json/subset-json.js';
import type { PartitionKeyRange, PartitionsSubset } from '../types.js';
import type { PartitionTimeWindow, TimeWindowPartitionsDefinition } from './time-window-definition.js';

/** `[start, end)` in epoch ms; both ends are window boundaries of the definition. */
export type TimeRange = readonly [start: number, end: number];

/**
 * Partitions of a time-window definition, held as sorted, merged time ranges (Dagster's
 * TimeWindowPartitionsSubset): 100,000 consecutive hourly partitions are one range.
 */
export class TimeWindowPartitionsSubset implements PartitionsSubset {
  readonly kind = 'time-window' as const;
  /** Sorted, disjoint, non-adjacent ranges. */
  readonly ranges: readonly TimeRange[];
  private cachedCount: number | undefined;

  /** `ranges` must be boundary-aligned; they are sorted and merged here. */
  constructor(
    readonly definition: TimeWindowPartitionsDefinition,
    ranges: readonly TimeRange[],
  ) {
    this.ranges = mergeRanges(ranges);
  }

  /** The merged windows, as Dates. */
  windows(): PartitionTimeWindow[] {
    return this.ranges.map(([start, end]) => ({ start: new Date(start), end: new Date(end) }));
  }

  count(): number {
    this.cachedCount ??= this.ranges.reduce((sum, [start, end]) => sum + this.definition.countBetween(start, end), 0);
    return this.cachedCount;
  }

  isEmpty(): boolean {
    return this.ranges.length === 0;
  }

  contains(key: string): boolean {
    const start = this.definition.windowStartOfKey(key);
    return start !== undefined && this.containsInstant(start);
  }

  /** Whether the window starting at `instant` is in the subset. */
  containsInstant(instant: number): boolean {
    let lo = 0;
    let hi = this.ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [start, end] = this.ranges[mid]!;
      if (instant < start) hi = mid - 1;
      else if (instant >= end) lo = mid + 1;
      else return true;
    }
    return false;
  }

  keys(): string[] {
    return this.ranges.flatMap(([start, end]) => this.definition.keysBetween(start, end));
  }

  /** One inclusive key range per merged time range. */
  keyRanges(): PartitionKeyRange[] {
    return this.ranges.map(([start, end]) => ({
      start: this.definition.keyOfInstant(start),
      end: this.definition.keyOfTick(this.definition.ticks.last(end)!),
    }));
  }

  union(other: PartitionsSubset): TimeWindowPartitionsSubset {
    return new TimeWindowPartitionsSubset(this.definition, [...this.ranges, ...this.same(other).ranges]);
  }

  intersection(other: PartitionsSubset): TimeWindowPartitionsSubset {
    const b = this.same(other).ranges;
    const out: TimeRange[] = [];
    for (let i = 0, j = 0; i < this.ranges.length && j < b.length; ) {
      const [s1, e1] = this.ranges[i]!;
      const [s2, e2] = b[j]!;
      const start = Math.max(s1, s2);
      const end = Math.min(e1, e2);
      if (start < end) out.push([start, end]);
      if (e1 < e2) i++;
      else j++;
    }
    return new TimeWindowPartitionsSubset(this.definition, out);
  }

  difference(other: PartitionsSubset): TimeWindowPartitionsSubset {
    const b = this.same(other).ranges;
    const out: TimeRange[] = [];
    let j = 0;
    for (const [s, e] of this.ranges) {
      let start = s;
      while (j < b.length && b[j]![1] <= start) j++;
      for (let k = j; k < b.length && b[k]![0] < e; k++) {
        const [bs, be] = b[k]!;
        if (bs > start) out.push([start, bs]);
        start = Math.max(start, be);
      }
      if (start < e) out.push([start, e]);
    }
    return new TimeWindowPartitionsSubset(this.definition, out);
  }

  withKeys(keys: Iterable<string>): TimeWindowPartitionsSubset {
    const added: TimeRange[] = [];
    for (const key of keys) {
      const start = this.definition.windowStartOfKey(key);
      if (start === undefined) throw new PartitionKeyNotFoundError(key, this.definition.describe());
      added.push([start, this.definition.nextBoundary(start)]);
    }
    return added.length === 0 ? this : new TimeWindowPartitionsSubset(this.definition, [...this.ranges, ...added]);
  }

  toJSON(): TimeWindowPartitionsSubsetJSON {
    return {
      kind: 'time-window',
      ranges: this.ranges.map(([start, end]) => ({ start: new Date(start).toISOString(), end: new Date(end).toISOString() })),
    };
  }

  private same(other: PartitionsSubset): TimeWindowPartitionsSubset {
    if (!(other instanceof TimeWindowPartitionsSubset) || !(other.definition === this.definition || other.definition.equals(this.definition))) {
      throw new PartitionsSubsetMismatchError(`cannot combine a subset of ${other.definition.describe()} with one of ${this.definition.describe()}`);
    }
    return other;
  }
}

/** Sorts ranges and merges overlapping or touching ones; drops empty ones. */
export function mergeRanges(ranges: readonly TimeRange[]): TimeRange[] {
  const sorted = ranges.filter(([s, e]) => s < e).sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end);
    else out.push([start, end]);
  }
  return out;
}
