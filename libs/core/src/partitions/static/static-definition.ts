import { InvalidPartitionKeyRangeError, PartitionKeyNotFoundError } from '../errors.js';
import type { StaticPartitionsDefinitionJSON } from '../json/definition-json.js';
import { assertValidPartitionKeys } from '../partition-key.js';
import type { PartitionKeyRange, PartitionsContext } from '../types.js';
import { StaticPartitionsSubset } from './static-subset.js';

/**
 * A fixed list of partition keys, in the given order (Dagster's StaticPartitionsDefinition).
 * Keys are validated once: no duplicates, no empty keys, none of the forbidden substrings.
 */
export class StaticPartitionsDefinition {
  readonly kind = 'static' as const;
  readonly partitionKeys: readonly string[];
  private readonly indexByKey: ReadonlyMap<string, number>;
  private json: StaticPartitionsDefinitionJSON | undefined;

  /** Throws InvalidPartitionKeysError naming every duplicated or invalid key. */
  constructor(keys: readonly string[]) {
    const index = new Map<string, number>();
    assertValidPartitionKeys(keys, index);
    this.partitionKeys = Object.freeze([...keys]);
    this.indexByKey = index;
  }

  allKeys(_context?: PartitionsContext): string[] {
    return [...this.partitionKeys];
  }

  count(_context?: PartitionsContext): number {
    return this.partitionKeys.length;
  }

  hasKey(key: string, _context?: PartitionsContext): boolean {
    return this.indexByKey.has(key);
  }

  /** Position of a key in the definition, or -1. */
  indexOf(key: string): number {
    return this.indexByKey.get(key) ?? -1;
  }

  firstKey(_context?: PartitionsContext): string | undefined {
    return this.partitionKeys[0];
  }

  lastKey(_context?: PartitionsContext): string | undefined {
    return this.partitionKeys[this.partitionKeys.length - 1];
  }

  /** Keys from `range.start` to `range.end` inclusive, in definition order. */
  keysInRange(range: PartitionKeyRange, _context?: PartitionsContext): string[] {
    const start = this.requireIndex(range.start);
    const end = this.requireIndex(range.end);
    if (start > end) throw new InvalidPartitionKeyRangeError(range.start, range.end);
    return this.partitionKeys.slice(start, end + 1);
  }

  emptySubset(): StaticPartitionsSubset {
    return new StaticPartitionsSubset(this, new Uint32Array(Math.ceil(this.partitionKeys.length / 32)));
  }

  allSubset(_context?: PartitionsContext): StaticPartitionsSubset {
    const bits = new Uint32Array(Math.ceil(this.partitionKeys.length / 32)).fill(0xffffffff);
    const tail = this.partitionKeys.length % 32;
    if (tail !== 0) bits[bits.length - 1] = (1 << tail) - 1;
    return new StaticPartitionsSubset(this, bits);
  }

  /** Throws PartitionKeyNotFoundError for a key not in the definition. */
  subsetWithKeys(keys: Iterable<string>): StaticPartitionsSubset {
    return this.emptySubset().withKeys(keys);
  }

  /** Index of a key; throws PartitionKeyNotFoundError when absent. */
  requireIndex(key: string): number {
    const index = this.indexByKey.get(key);
    if (index === undefined) throw new PartitionKeyNotFoundError(key, this.describe());
    return index;
  }

  equals(other: { readonly kind: string; toJSON(): unknown }): boolean {
    return other === this || (other.kind === this.kind && JSON.stringify(other.toJSON()) === JSON.stringify(this.toJSON()));
  }

  toJSON(): StaticPartitionsDefinitionJSON {
    this.json ??= { kind: 'static', keys: [...this.partitionKeys] };
    return this.json;
  }

  describe(): string {
    const shown = this.partitionKeys.slice(0, 5).map((key) => JSON.stringify(key)).join(', ');
    return `static partitions [${shown}${this.partitionKeys.length > 5 ? `, … (${this.partitionKeys.length})` : ''}]`;
  }
}
