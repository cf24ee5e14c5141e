import { PartitionsSubsetMismatchError } from '../errors.js';
import type { StaticPartitionsSubsetJSON } from '../json/subset-json.js';
import type { PartitionKeyRange, PartitionsSubset } from '../types.js';
import type { StaticPartitionsDefinition } from './static-definition.js';

/** Partitions of a static definition as a bitset over key indexes: 100,000 keys take 12.5 kB. */
export class StaticPartitionsSubset implements PartitionsSubset {
  readonly kind = 'static' as const;
  private cachedCount: number | undefined;

  /** `bits`: bit i of word i>>5 is key i. Owned by the subset: never mutated after construction. */
  constructor(
    readonly definition: StaticPartitionsDefinition,
    private readonly bits: Uint32Array,
  ) {}

  count(): number {
    if (this.cachedCount === undefined) {
      let count = 0;
      for (const word of this.bits) count += popcount(word);
      this.cachedCount = count;
    }
    return this.cachedCount;
  }

  isEmpty(): boolean {
    return this.bits.every((word) => word === 0);
  }

  contains(key: string): boolean {
    const index = this.definition.indexOf(key);
    return index >= 0 && this.has(index);
  }

  keys(): string[] {
    return this.indexes().map((i) => this.definition.partitionKeys[i]!);
  }

  /** Runs of consecutive keys (in definition order) as inclusive ranges. */
  keyRanges(): PartitionKeyRange[] {
    const ranges: PartitionKeyRange[] = [];
    const keys = this.definition.partitionKeys;
    let runStart = -1;
    let previous = -2;
    for (const i of this.indexes()) {
      if (i !== previous + 1) {
        if (runStart >= 0) ranges.push({ start: keys[runStart]!, end: keys[previous]! });
        runStart = i;
      }
      previous = i;
    }
    if (runStart >= 0) ranges.push({ start: keys[runStart]!, end: keys[previous]! });
    return ranges;
  }

  union(other: PartitionsSubset): StaticPartitionsSubset {
    const b = this.same(other).bits;
    return new StaticPartitionsSubset(this.definition, this.bits.map((word, i) => word | b[i]!));
  }

  intersection(other: PartitionsSubset): StaticPartitionsSubset {
    const b = this.same(other).bits;
    return new StaticPartitionsSubset(this.definition, this.bits.map((word, i) => word & b[i]!));
  }

  difference(other: PartitionsSubset): StaticPartitionsSubset {
    const b = this.same(other).bits;
    return new StaticPartitionsSubset(this.definition, this.bits.map((word, i) => word & ~b[i]!));
  }

  /** Throws PartitionKeyNotFoundError for a key not in the definition. */
  withKeys(keys: Iterable<string>): StaticPartitionsSubset {
    const bits = this.bits.slice();
    for (const key of keys) {
      const index = this.definition.requireIndex(key);
      const word = index >>> 5;
      bits[word] = (bits[word] ?? 0) | (1 << (index & 31));
    }
    return new StaticPartitionsSubset(this.definition, bits);
  }

  toJSON(): StaticPartitionsSubsetJSON {
    return { kind: 'static', keys: this.keys() };
  }

  private has(index: number): boolean {
    return ((this.bits[index >>> 5]! >>> (index & 31)) & 1) === 1;
  }

  private indexes(): number[] {
    const out: number[] = [];
    this.bits.forEach((word, w) => {
      for (let rest = word; rest !== 0; rest &= rest - 1) out.push(w * 32 + (31 - Math.clz32(rest & -rest)));
    });
    return out;
  }

  private same(other: PartitionsSubset): StaticPartitionsSubset {
    if (!(other instanceof StaticPartitionsSubset) || !this.definition.equals(other.definition)) {
      throw new PartitionsSubsetMismatchError(`cannot combine a subset of ${other.definition.describe()} with one of ${this.definition.describe()}`);
    }
    return other;
  }
}

function popcount(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
