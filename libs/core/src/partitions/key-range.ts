import type { PartitionKeyRange, PartitionsContext, PartitionsDefinition } from './types.js';

/**
 * The keys of `definition` from `range.start` to `range.end`, both included (Dagster's
 * get_partition_keys_in_range). Time windows and static/dynamic keys go in definition order;
 * for multi-partitions the range is the box spanned by each dimension's range. Throws
 * PartitionKeyNotFoundError for an end that is not an existing key, and
 * InvalidPartitionKeyRangeError when start comes after end.
 */
export function getPartitionKeysInRange(definition: PartitionsDefinition, range: PartitionKeyRange, context: PartitionsContext): string[] {
  return definition.keysInRange(range, context);
}

/** Builds a PartitionKeyRange. */
export function partitionKeyRange(start: string, end: string): PartitionKeyRange {
  return { start, end };
}
