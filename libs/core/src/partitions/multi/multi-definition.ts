import { InvalidPartitionsDefinitionError, PartitionKeyNotFoundError } from '../errors.js';
import type { MultiPartitionsDefinitionJSON } from '../json/definition-json.js';
import { MULTI_PARTITION_KEY_DELIMITER, findPartitionKeyProblem } from '../partition-key.js';
import type { PartitionKeyRange, PartitionsContext, SinglePartitionsDefinition } from '../types.js';
import { MultiPartitionKey } from './multi-partition-key.js';
import { MultiPartitionsSubset } from './multi-subset.js';

/** One dimension of a multi-partitions definition. */
export interface PartitionDimension {
  readonly name: string;
  readonly definition: SinglePartitionsDefinition;
}

/**
 * The cross product of two or more partitions definitions (Dagster's MultiPartitionsDefinition,
 * which allows exactly two). Dimensions are ordered by name; a key joins the dimension keys
 * with `|` in that order; keys enumerate with the first dimension varying slowest. At most one
 * dimension may be time-window partitioned.
 */
export class MultiPartitionsDefinition {
  readonly kind = 'multi' as const;
  /** Sorted by name. */
  readonly dimensions: readonly PartitionDimension[];
  readonly timeDimension: PartitionDimension | undefined;
  /**
   * The dimension subsets are organised by (Dagster's primary dimension): the time dimension if
   * there is one, else the last one, so that subsets keep time ranges compact.
   */
  readonly primaryDimension: PartitionDimension;

  /** Throws InvalidPartitionsDefinitionError for fewer than two dimensions, bad names, nesting or two time dimensions. */
  constructor(definitions: Readonly<Record<string, SinglePartitionsDefinition>>) {
    const names = Object.keys(definitions).sort();
    if (names.length < 2) throw new InvalidPartitionsDefinitionError('dimensions', `needs at least two dimensions, got ${names.length}`);
    for (const name of names) {
      const problem = findPartitionKeyProblem(name);
      if (problem !== undefined) throw new InvalidPartitionsDefinitionError(`dimensions.${name}`, `dimension name ${JSON.stringify(name)} ${problem}`);
      if ((definitions[name] as { kind: string }).kind === 'multi') {
        throw new InvalidPartitionsDefinitionError(`dimensions.${name}`, 'a dimension cannot itself be multi-partitioned');
      }
    }
    this.dimensions = names.map((name) => ({ name, definition: definitions[name]! }));
    const timeDimensions = this.dimensions.filter((d) => d.definition.kind === 'time-window');
    if (timeDimensions.length > 1) {
      throw new InvalidPartitionsDefinitionError('dimensions', `at most one dimension can be time-window partitioned, got ${timeDimensions.map((d) => d.name).join(', ')}`);
    }
    this.timeDimension = timeDimensions[0];
    this.primaryDimension = this.timeDimension ?? this.dimensions[this.dimensions.length - 1]!;
  }

  get dimensionNames(): string[] {
    return this.dimensions.map((d) => d.name);
  }

  /** Throws InvalidPartitionsDefinitionError for an unknown dimension. */
  dimension(name: string): PartitionDimension {
    const found = this.dimensions.find((d) => d.name === name);
    if (found === undefined) throw new InvalidPartitionsDefinitionError('dimension', `${JSON.stringify(name)} is not a dimension of ${this.describe()}`);
    return found;
  }

  /** Splits a key string into a MultiPartitionKey; throws PartitionKeyNotFoundError when it has the wrong number of parts. */
  parseKey(key: string): MultiPartitionKey {
    const parts = this.splitKey(key);
    if (parts === undefined) throw new PartitionKeyNotFoundError(key, this.describe(), `does not have ${this.dimensions.length} |-separated parts, so it is not a key of`);
    return new MultiPartitionKey(Object.fromEntries(this.dimensions.map((d, i) => [d.name, parts[i]!])));
  }

  /** The dimension keys of a key string in dimension order, or undefined when the count is wrong. */
  splitKey(key: string): string[] | undefined {
    const parts = key.split(MULTI_PARTITION_KEY_DELIMITER);
    return parts.length === this.dimensions.length ? parts : undefined;
  }

  /** Every key, first dimension varying slowest. */
  allKeys(context: PartitionsContext): string[] {
    return product(this.dimensions.map((d) => d.definition.allKeys(context)));
  }

  count(context: PartitionsContext): number {
    return this.dimensions.reduce((n, d) => n * d.definition.count(context), 1);
  }

  hasKey(key: string | MultiPartitionKey, context: PartitionsContext): boolean {
    const parts = typeof key === 'string' ? this.splitKey(key) : this.dimensionNames.join('|') === key.dimensionNames.join('|') ? key.parts() : undefined;
    return parts !== undefined && this.dimensions.every((d, i) => d.definition.hasKey(parts[i]!, context));
  }

  firstKey(context: PartitionsContext): string | undefined {
    const parts = this.dimensions.map((d) => d.definition.firstKey(context));
    return parts.every((p) => p !== undefined) ? parts.join(MULTI_PARTITION_KEY_DELIMITER) : undefined;
  }

  lastKey(context: PartitionsContext): string | undefined {
    const parts = this.dimensions.map((d) => d.definition.lastKey(context));
    return parts.every((p) => p !== undefined) ? parts.join(MULTI_PARTITION_KEY_DELIMITER) : undefined;
  }

  /** The box between two keys, as Dagster: the product of each dimension's range. */
  keysInRange(range: PartitionKeyRange, context: PartitionsContext): string[] {
    const start = this.parseKey(range.start).parts();
    const end = this.parseKey(range.end).parts();
    return product(this.dimensions.map((d, i) => d.definition.keysInRange({ start: start[i]!, end: end[i]! }, context)));
  }

  emptySubset(): MultiPartitionsSubset {
    return new MultiPartitionsSubset(this, new Map());
  }

  allSubset(context: PartitionsContext): MultiPartitionsSubset {
    return this.emptySubset().withDimensionSubset(this.primaryDimension.name, this.primaryDimension.definition.allSubset(context), context);
  }

  /** Throws PartitionKeyNotFoundError for a key with a wrong part count or a dimension key its dimension cannot hold. */
  subsetWithKeys(keys: Iterable<string>): MultiPartitionsSubset {
    return this.emptySubset().withKeys(keys);
  }

  equals(other: { readonly kind: string; toJSON(): unknown }): boolean {
    return other === this || (other.kind === this.kind && JSON.stringify(other.toJSON()) === JSON.stringify(this.toJSON()));
  }

  toJSON(): MultiPartitionsDefinitionJSON {
    return { kind: 'multi', dimensions: this.dimensions.map((d) => ({ name: d.name, definition: d.definition.toJSON() })) };
  }

  describe(): string {
    return `multi partitions (${this.dimensions.map((d) => `${d.name}: ${d.definition.describe()}`).join('; ')})`;
  }
}

/** Keys of the cross product, first list varying slowest, joined with `|`. */
function product(lists: readonly (readonly string[])[]): string[] {
  let out: string[] = [''];
  lists.forEach((list, i) => {
    const next: string[] = [];
    for (const prefix of out) for (const key of list) next.push(i === 0 ? key : `${prefix}${MULTI_PARTITION_KEY_DELIMITER}${key}`);
    out = next;
  });
  return out;
}
