import { IncompatiblePartitionMappingError } from '../errors.js';
import type { PartitionsDefinition } from '../types.js';
import {
  allPartitionMapping,
  identityPartitionMapping,
  multiToSingleDimensionPartitionMapping,
  timeWindowPartitionMapping,
  type PartitionMapping,
} from './partition-mapping.js';
import { inferDimensionDependency } from './validate-mapping.js';

/**
 * The mapping used when a dependency names none (Dagster's infer_partition_mapping): all for an
 * unpartitioned downstream; multi-to-single-dimension when one side is multi-partitioned and a
 * dimension fits the other; time-window between two time-window definitions; else identity.
 */
export function defaultPartitionMapping(upstream: PartitionsDefinition, downstream: PartitionsDefinition | undefined): PartitionMapping {
  if (downstream === undefined) return allPartitionMapping();
  if ((upstream.kind === 'multi') !== (downstream.kind === 'multi')) {
    const mapping = multiToSingleDimensionPartitionMapping();
    try {
      inferDimensionDependency(upstream, downstream, mapping);
      return mapping;
    } catch (error) {
      if (!(error instanceof IncompatiblePartitionMappingError)) throw error;
    }
  }
  if (upstream.kind === 'time-window' && downstream.kind === 'time-window') return timeWindowPartitionMapping();
  return identityPartitionMapping();
}
