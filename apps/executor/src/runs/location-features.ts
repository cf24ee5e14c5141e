import type { Definitions } from '@orrery/sdk';

interface LocationFeatures {
  /** Some partitions definition is dynamic (alone or as a dimension of a multi-partitions one). */
  dynamicPartitions: boolean;
  /** Some asset, asset check or op names a concurrency pool. */
  pools: boolean;
}

const cache = new WeakMap<Definitions, LocationFeatures>();

/**
 * What a location's snapshot says it uses, computed once per loaded location: an attempt
 * reads `dynamic_partitions` only when the location has dynamic partitions, and frees pool
 * slots only when it has pools (no slot can be held by its runs otherwise).
 */
export function locationFeatures(definitions: Definitions): LocationFeatures {
  let features = cache.get(definitions);
  if (features === undefined) {
    const { partitionsDefinitions, assets, jobs } = definitions.snapshot;
    features = {
      dynamicPartitions: partitionsDefinitions.some(function dynamic(definition: { kind: string; dimensions?: readonly { definition: { kind: string } }[] }): boolean {
        return definition.kind === 'dynamic' || (definition.dimensions ?? []).some((dimension) => dynamic(dimension.definition));
      }),
      pools:
        assets.some((asset) => asset.computation?.pool !== undefined) ||
        jobs.some((job) => (job.ops ?? []).some((op) => op.pool !== undefined)) ||
        definitions.assetChecks.some((check) => check.pool !== undefined),
    };
    cache.set(definitions, features);
  }
  return features;
}
