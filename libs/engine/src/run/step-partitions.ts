import { defaultPartitionMapping, mapDownstreamToUpstream, type PartitionMapping, type PartitionsDefinition } from '@orrery/core';
import type { PartitionContext } from '@orrery/sdk';
import type { RunScope } from './run-scope.js';

/** The partition part of a step's context for a definition with `partitions` (none when unpartitioned). */
export function partitionContextFor(scope: RunScope, partitions: PartitionsDefinition | undefined): PartitionContext {
  if (partitions === undefined || scope.partitionKeys.length === 0) {
    return { partitionKey: undefined, partitionKeys: [], partitionKeyRange: undefined, partitionTimeWindow: undefined };
  }
  const keys = scope.partitionKeys;
  let partitionTimeWindow: PartitionContext['partitionTimeWindow'];
  if (partitions.kind === 'time-window') {
    const first = partitions.windowForKey(keys[0]!);
    const last = partitions.windowForKey(keys[keys.length - 1]!);
    partitionTimeWindow = { start: first.start, end: last.end };
  }
  return {
    partitionKey: scope.partitionKeyRange === undefined ? keys[0] : undefined,
    partitionKeys: keys,
    partitionKeyRange: scope.partitionKeyRange,
    partitionTimeWindow,
  };
}

/**
 * Partition keys of an upstream asset that a step needs, through the dependency's mapping
 * (Dagster's default when none: identity between equal definitions, all upstream keys for
 * an unpartitioned downstream).
 */
export function upstreamPartitionKeys(
  scope: RunScope,
  upstream: PartitionsDefinition | undefined,
  downstream: PartitionsDefinition | undefined,
  mapping: PartitionMapping | undefined,
): string[] {
  if (upstream === undefined) return [];
  const unpartitionedRun = downstream === undefined || scope.partitionKeys.length === 0;
  const { subset } = mapDownstreamToUpstream(mapping ?? defaultPartitionMapping(upstream, downstream), {
    upstream,
    downstream: unpartitionedRun ? undefined : downstream,
    downstreamSubset: unpartitionedRun ? undefined : downstream.subsetWithKeys(scope.partitionKeys),
    context: scope.partitionsContext,
  });
  return subset.keys();
}
