import { InvalidPartitionKeyRangeError, InvalidPartitionsDefinitionError, MissingDynamicPartitionsError, PartitionKeyNotFoundError } from '../errors.js';
import type { DynamicPartitionsDefinitionJSON } from '../json/definition-json.js';
import { findPartitionKeyProblem } from '../partition-key.js';
import type { PartitionKeyRange, PartitionsContext } from '../types.js';
import { DynamicPartitionsSubset } from './dynamic-subset.js';

/**
 * Partitions whose keys are added and removed at run time (Dagster's DynamicPartitionsDefinition).
 * The definition is only its name; its keys live in `dynamic_partitions` and reach this code
 * through `PartitionsContext.dynamicPartitions`, in the order they were added.
 */
export class DynamicPartitionsDefinition {
  readonly kind = 'dynamic' as const;

  /** Throws InvalidPartitionsDefinitionError for an empty name or one with forbidden characters. */
  constructor(readonly name: string) {
    const problem = findPartitionKeyProblem(name);
    if (problem !== undefined) throw new InvalidPartitionsDefinitionError('name', `dynamic partitions name ${JSON.stringify(name)} ${problem}`);
  }

  /** The current keys; throws MissingDynamicPartitionsError when the context does not hold them. */
  currentKeys(context: PartitionsContext): readonly string[] {
    const keys = context.dynamicPartitions?.get(this.name);
    if (keys === undefined) throw new MissingDynamicPartitionsError(this.name);
    return keys;
  }

  allKeys(context: PartitionsContext): string[] {
    return [...this.currentKeys(context)];
  }

  count(context: PartitionsContext): number {
    return this.currentKeys(context).length;
  }

  hasKey(key: string, context: PartitionsContext): boolean {
    return this.currentKeys(context).includes(key);
  }

  firstKey(context: PartitionsContext): string | undefined {
    return this.currentKeys(context)[0];
  }

  lastKey(context: PartitionsContext): string | undefined {
    const keys = this.currentKeys(context);
    return keys[keys.length - 1];
  }

  /** Keys from `range.start` to `range.end` inclusive, in the order the keys were added. */
  keysInRange(range: PartitionKeyRange, context: PartitionsContext): string[] {
    const keys = this.currentKeys(context);
    const start = keys.indexOf(range.start);
    const end = keys.indexOf(range.end);
    if (start < 0) throw new PartitionKeyNotFoundError(range.start, this.describe());
    if (end < 0) throw new PartitionKeyNotFoundError(range.end, this.describe());
    if (start > end) throw new InvalidPartitionKeyRangeError(range.start, range.end);
    return keys.slice(start, end + 1);
  }

  emptySubset(): DynamicPartitionsSubset {
    return new DynamicPartitionsSubset(this, new Set());
  }

  allSubset(context: PartitionsContext): DynamicPartitionsSubset {
    return new DynamicPartitionsSubset(this, new Set(this.currentKeys(context)));
  }

  /** Any syntactically valid keys (whether they exist now is not checked: keys come and go). */
  subsetWithKeys(keys: Iterable<string>): DynamicPartitionsSubset {
    return this.emptySubset().withKeys(keys);
  }

  equals(other: { readonly kind: string; toJSON(): unknown }): boolean {
    return other === this || (other.kind === this.kind && JSON.stringify(other.toJSON()) === JSON.stringify(this.toJSON()));
  }

  toJSON(): DynamicPartitionsDefinitionJSON {
    return { kind: 'dynamic', name: this.name };
  }

  describe(): string {
    return `dynamic partitions ${JSON.stringify(this.name)}`;
  }
}
