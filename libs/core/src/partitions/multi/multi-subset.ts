import { PartitionKeyNotFoundError, PartitionsSubsetMismatchError } from '../errors.js';
import type { MultiPartitionsSubsetJSON, SinglePartitionsSubsetJSON } from '../json/subset-json.js';
import { MULTI_PARTITION_KEY_DELIMITER, findPartitionKeyProblem } from '../partition-key.js';
import type { PartitionsContext, PartitionsSubset } from '../types.js';
import type { MultiPartitionsDefinition } from './multi-definition.js';

/**
 * Partitions of a multi-partitions definition, held per combination of the non-primary
 * dimension keys (the "secondary key", those keys joined with `|` in dimension order) as a
 * subset of the primary dimension: a daily × region subset is one time-range list per region.
 */
export class MultiPartitionsSubset implements PartitionsSubset {
  readonly kind = 'multi' as const;
  private readonly entries: ReadonlyMap<string, PartitionsSubset>;
  private readonly primaryIndex: number;

  /** `entries`: secondary key → subset of the primary dimension's definition (empty ones are dropped). */
  constructor(
    readonly definition: MultiPartitionsDefinition,
    entries: ReadonlyMap<string, PartitionsSubset>,
  ) {
    this.entries = new Map([...entries].filter(([, subset]) => !subset.isEmpty()));
    this.primaryIndex = definition.dimensions.indexOf(definition.primaryDimension);
  }

  /** Secondary key → primary-dimension subset, for serialization and mappings. */
  entryList(): [string, PartitionsSubset][] {
    return [...this.entries];
  }

  count(): number {
    let count = 0;
    for (const subset of this.entries.values()) count += subset.count();
    return count;
  }

  isEmpty(): boolean {
    return this.entries.size === 0;
  }

  contains(key: string): boolean {
    const parts = this.definition.splitKey(key);
    if (parts === undefined) return false;
    const [secondary, primary] = this.split(parts);
    return this.entries.get(secondary)?.contains(primary) ?? false;
  }

  /** Keys in the definition's order (first dimension slowest); dynamic dimension keys compare as strings. */
  keys(): string[] {
    const sorted = [...this.entries].map(([secondary, subset]) => ({ parts: secondary.split(MULTI_PARTITION_KEY_DELIMITER), subset }));
    const secondaryDims = this.definition.dimensions.filter((_, i) => i !== this.primaryIndex);
    const rank = (d: number, key: string): number | string => {
      const def = secondaryDims[d]!.definition;
      return def.kind === 'static' ? def.indexOf(key) : key;
    };
    sorted.sort((a, b) => {
      for (let d = 0; d < secondaryDims.length; d++) {
        const ra = rank(d, a.parts[d]!);
        const rb = rank(d, b.parts[d]!);
        if (ra !== rb) return ra < rb ? -1 : 1;
      }
      return 0;
    });
    // Entries sharing the dimensions before the primary one form a group; within a group keys
    // go by primary key, then by the dimensions after it.
    const keys: string[] = [];
    for (let g = 0; g < sorted.length; ) {
      const prefix = sorted[g]!.parts.slice(0, this.primaryIndex).join(MULTI_PARTITION_KEY_DELIMITER);
      let end = g;
      while (end < sorted.length && sorted[end]!.parts.slice(0, this.primaryIndex).join(MULTI_PARTITION_KEY_DELIMITER) === prefix) end++;
      const group = sorted.slice(g, end).map((e) => ({ ...e, keySet: new Set(e.subset.keys()) }));
      const primaryKeys = group.reduce<PartitionsSubset>((acc, e) => acc.union(e.subset), group[0]!.subset).keys();
      for (const primary of primaryKeys) {
        for (const e of group) if (e.keySet.has(primary)) keys.push(this.compose(e.parts, primary));
      }
      g = end;
    }
    return keys;
  }

  union(other: PartitionsSubset): MultiPartitionsSubset {
    const next = new Map(this.entries);
    for (const [secondary, subset] of this.same(other).entries) next.set(secondary, next.get(secondary)?.union(subset) ?? subset);
    return new MultiPartitionsSubset(this.definition, next);
  }

  intersection(other: PartitionsSubset): MultiPartitionsSubset {
    const b = this.same(other).entries;
    const next = new Map<string, PartitionsSubset>();
    for (const [secondary, subset] of this.entries) {
      const theirs = b.get(secondary);
      if (theirs !== undefined) next.set(secondary, subset.intersection(theirs));
    }
    return new MultiPartitionsSubset(this.definition, next);
  }

  difference(other: PartitionsSubset): MultiPartitionsSubset {
    const b = this.same(other).entries;
    const next = new Map<string, PartitionsSubset>();
    for (const [secondary, subset] of this.entries) {
      const theirs = b.get(secondary);
      next.set(secondary, theirs === undefined ? subset : subset.difference(theirs));
    }
    return new MultiPartitionsSubset(this.definition, next);
  }

  /** Throws PartitionKeyNotFoundError for a key with a wrong part count or a part its dimension cannot hold. */
  withKeys(keys: Iterable<string>): MultiPartitionsSubset {
    const grouped = new Map<string, string[]>();
    for (const key of keys) {
      // parseKey throws the named error for a wrong part count.
      const parts = this.definition.splitKey(key) ?? this.definition.parseKey(key).parts();
      this.checkSecondaryParts(key, parts);
      const [secondary, primary] = this.split(parts);
      const list = grouped.get(secondary);
      if (list === undefined) grouped.set(secondary, [primary]);
      else list.push(primary);
    }
    const next = new Map(this.entries);
    for (const [secondary, primaries] of grouped) {
      const existing = next.get(secondary) ?? this.definition.primaryDimension.definition.emptySubset();
      next.set(secondary, existing.withKeys(primaries));
    }
    return new MultiPartitionsSubset(this.definition, next);
  }

  /** This subset plus every partition whose `dimension` key is in `subset` (all keys of the other dimensions at `context`). */
  withDimensionSubset(dimension: string, subset: PartitionsSubset, context: PartitionsContext): MultiPartitionsSubset {
    const dimIndex = this.definition.dimensions.indexOf(this.definition.dimension(dimension));
    const choices = this.definition.dimensions
      .filter((_, i) => i !== this.primaryIndex)
      .map((d) => (d.name === dimension ? subset.keys() : d.definition.allKeys(context)));
    const entrySubset = dimIndex === this.primaryIndex ? subset : this.definition.primaryDimension.definition.allSubset(context);
    const next = new Map(this.entries);
    for (const secondary of crossJoin(choices)) next.set(secondary, next.get(secondary)?.union(entrySubset) ?? entrySubset);
    return new MultiPartitionsSubset(this.definition, next);
  }

  /** The keys of one dimension that appear in this subset, as a subset of that dimension's definition. */
  projectTo(dimension: string): PartitionsSubset {
    const dim = this.definition.dimension(dimension);
    if (dim === this.definition.primaryDimension) {
      return [...this.entries.values()].reduce<PartitionsSubset>((acc, s) => acc.union(s), dim.definition.emptySubset());
    }
    const position = this.definition.dimensions.filter((d) => d !== this.definition.primaryDimension).indexOf(dim);
    return dim.definition.subsetWithKeys(new Set([...this.entries.keys()].map((secondary) => secondary.split(MULTI_PARTITION_KEY_DELIMITER)[position]!)));
  }

  toJSON(): MultiPartitionsSubsetJSON {
    return {
      kind: 'multi',
      primaryDimension: this.definition.primaryDimension.name,
      entries: [...this.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, subset]) => ({ key, subset: subset.toJSON() as SinglePartitionsSubsetJSON })),
    };
  }

  private split(parts: readonly string[]): [secondary: string, primary: string] {
    const secondary = parts.filter((_, i) => i !== this.primaryIndex).join(MULTI_PARTITION_KEY_DELIMITER);
    return [secondary, parts[this.primaryIndex]!];
  }

  private compose(secondaryParts: readonly string[], primary: string): string {
    const parts = [...secondaryParts];
    parts.splice(this.primaryIndex, 0, primary);
    return parts.join(MULTI_PARTITION_KEY_DELIMITER);
  }

  private checkSecondaryParts(key: string, parts: readonly string[]): void {
    this.definition.dimensions.forEach((d, i) => {
      if (i === this.primaryIndex) return;
      const part = parts[i]!;
      const ok = d.definition.kind === 'static' ? d.definition.indexOf(part) >= 0 : d.definition.kind === 'dynamic' ? findPartitionKeyProblem(part) === undefined : d.definition.windowStartOfKey(part) !== undefined;
      if (!ok) throw new PartitionKeyNotFoundError(key, this.definition.describe(), `has ${JSON.stringify(part)} for dimension ${d.name}, so it is not a key of`);
    });
  }

  private same(other: PartitionsSubset): MultiPartitionsSubset {
    if (!(other instanceof MultiPartitionsSubset) || !this.definition.equals(other.definition)) {
      throw new PartitionsSubsetMismatchError(`cannot combine a subset of ${other.definition.describe()} with one of ${this.definition.describe()}`);
    }
    return other;
  }
}

/** Every combination of one key per list, joined with `|`, first list slowest. */
function crossJoin(lists: readonly (readonly string[])[]): string[] {
  return lists.reduce<string[]>(
    (acc, list, i) => acc.flatMap((prefix) => list.map((key) => (i === 0 ? key : `${prefix}${MULTI_PARTITION_KEY_DELIMITER}${key}`))),
    [''],
  );
}
