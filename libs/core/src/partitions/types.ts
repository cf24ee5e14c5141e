import type { DynamicPartitionsDefinition } from './dynamic/dynamic-definition.js';
import type { MultiPartitionsDefinition } from './multi/multi-definition.js';
import type { StaticPartitionsDefinition } from './static/static-definition.js';
import type { TimeWindowPartitionsDefinition } from './time-window/time-window-definition.js';
import type { PartitionsSubsetJSON } from './json/subset-json.js';

/** The kinds of partitions definitions. */
export type PartitionsDefinitionKind = 'time-window' | 'static' | 'dynamic' | 'multi';

/** Any partitions definition; switch on `kind`. */
export type PartitionsDefinition =
  | TimeWindowPartitionsDefinition
  | StaticPartitionsDefinition
  | DynamicPartitionsDefinition
  | MultiPartitionsDefinition;

/** A partitions definition that can be a dimension of a multi-partitions definition. */
export type SinglePartitionsDefinition = Exclude<PartitionsDefinition, MultiPartitionsDefinition>;

/**
 * The keys of dynamic partitions definitions, by definition name (stored in `dynamic_partitions`
 * by other code and loaded before evaluation). A `Map<string, string[]>` fits.
 */
export interface DynamicPartitionKeysLookup {
  get(name: string): readonly string[] | undefined;
}

/**
 * What evaluating partitions needs from outside: the current time (time windows exist once they
 * have ended; partitions code never reads the clock) and the keys of dynamic definitions.
 */
export interface PartitionsContext {
  readonly now: Date;
  /** Required when a dynamic definition (or dimension) is evaluated; see MissingDynamicPartitionsError. */
  readonly dynamicPartitions?: DynamicPartitionKeysLookup | undefined;
}

/** A range of partition keys, both ends included (as in Dagster). */
export interface PartitionKeyRange {
  readonly start: string;
  readonly end: string;
}

/**
 * A set of partitions of one definition. Immutable: operations return new subsets. Time-window
 * subsets hold merged time ranges, static ones a bitset of key indexes, dynamic ones a key set,
 * so subsets of 100,000+ partitions stay small.
 */
export interface PartitionsSubset {
  readonly kind: PartitionsDefinitionKind;
  readonly definition: PartitionsDefinition;
  /** Number of partitions in the subset. */
  count(): number;
  isEmpty(): boolean;
  contains(key: string): boolean;
  /** The keys, in the definition's order (multi: see MultiPartitionsSubset). */
  keys(): string[];
  /** Throws PartitionsSubsetMismatchError when `other` belongs to another definition. */
  union(other: PartitionsSubset): PartitionsSubset;
  intersection(other: PartitionsSubset): PartitionsSubset;
  difference(other: PartitionsSubset): PartitionsSubset;
  /** This subset plus `keys`; throws PartitionKeyNotFoundError for a key the definition cannot hold. */
  withKeys(keys: Iterable<string>): PartitionsSubset;
  /** The serializable form (store it in Postgres; rebuild with partitionsSubsetFromJSON). */
  toJSON(): PartitionsSubsetJSON;
}
