import { PartitionKeyNotFoundError, PartitionsSubsetMismatchError } from '../errors.js';
import type { DynamicPartitionsSubsetJSON } from '../json/subset-json.js';
import { findPartitionKeyProblem } from '../partition-key.js';
import type { PartitionsSubset } from '../types.js';
import type { DynamicPartitionsDefinition } from './dynamic-definition.js';

/**
 * Partitions of a dynamic definition as a key set. Keys are kept in the order they joined the
 * subset: the definition's own order needs its current keys, which a subset does not hold.
 */
export class DynamicPartitionsSubset implements PartitionsSubset {
  readonly kind = 'dynamic' as const;

  /** `keys` is owned by the subset: never mutated after construction. */
  constructor(
    readonly definition: DynamicPartitionsDefinition,
    private readonly keySet: ReadonlySet<string>,
  ) {}

  count(): number {
    return this.keySet.size;
  }

  isEmpty(): boolean {
    return this.keySet.size === 0;
  }

  contains(key: string): boolean {
    return this.keySet.has(key);
  }

  keys(): string[] {
    return [...this.keySet];
  }

  union(other: PartitionsSubset): DynamicPartitionsSubset {
    const b = this.same(other).keySet;
    return new DynamicPartitionsSubset(this.definition, new Set([...this.keySet, ...b]));
  }

  intersection(other: PartitionsSubset): DynamicPartitionsSubset {
    const b = this.same(other).keySet;
    return new DynamicPartitionsSubset(this.definition, new Set([...this.keySet].filter((key) => b.has(key))));
  }

  difference(other: PartitionsSubset): DynamicPartitionsSubset {
    const b = this.same(other).keySet;
    return new DynamicPartitionsSubset(this.definition, new Set([...this.keySet].filter((key) => !b.has(key))));
  }

  /** Throws PartitionKeyNotFoundError for a key that no dynamic partition can have. */
  withKeys(keys: Iterable<string>): DynamicPartitionsSubset {
    const next = new Set(this.keySet);
    for (const key of keys) {
      const problem = findPartitionKeyProblem(key);
      if (problem !== undefined) throw new PartitionKeyNotFoundError(key, this.definition.describe(), `cannot be a key (it ${problem}) of`);
      next.add(key);
    }
    return new DynamicPartitionsSubset(this.definition, next);
  }

  /** Only the keys that exist in `currentKeys`, in their order. */
  restrictedTo(currentKeys: readonly string[]): DynamicPartitionsSubset {
    return new DynamicPartitionsSubset(this.definition, new Set(currentKeys.filter((key) => this.keySet.has(key))));
  }

  toJSON(): DynamicPartitionsSubsetJSON {
    return { kind: 'dynamic', keys: this.keys() };
  }

  private same(other: PartitionsSubset): DynamicPartitionsSubset {
    if (!(other instanceof DynamicPartitionsSubset) || other.definition.name !== this.definition.name) {
      throw new PartitionsSubsetMismatchError(`cannot combine a subset of ${other.definition.describe()} with one of ${this.definition.describe()}`);
    }
    return other;
  }
}
