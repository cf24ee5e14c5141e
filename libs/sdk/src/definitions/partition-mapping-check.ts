import { defaultPartitionMapping, validatePartitionMapping } from '@orrery/core';
import type { PartitionMapping, PartitionsDefinition } from '../internal/core-adapter.js';

/**
 * Why a dependency cannot map `downstream` partitions to `upstream` ones through `mapping`
 * (or, when none is given, through Dagster's default mapping for the pair, as core infers
 * it); undefined when it can. A mapping on an unpartitioned upstream is refused too: it
 * would silently mean nothing.
 */
export function partitionMappingProblem(
  mapping: PartitionMapping | undefined,
  upstream: PartitionsDefinition | undefined,
  downstream: PartitionsDefinition | undefined,
): string | undefined {
  if (upstream === undefined) {
    return mapping === undefined ? undefined : `has partition mapping ${mapping.kind} but the upstream asset is not partitioned`;
  }
  try {
    validatePartitionMapping(upstream, downstream, mapping ?? defaultPartitionMapping(upstream, downstream));
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
