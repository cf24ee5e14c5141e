import { formatAssetKey, type AssetKey, type AssetNodeDescription } from '@orrery/core';
import type { AnyAssetsDefinition } from '../assets/assets-definition.js';
import type { AssetSpecData } from '../assets/asset-spec.js';
import type { PartitionMapping, PartitionsDefinition } from '../internal/core-adapter.js';

/** A dependency of an asset, with its mapping and (when loaded) the input name. */
export interface AssetNodeDependency {
  readonly key: AssetKey;
  readonly partitionMapping: PartitionMapping | undefined;
  /** The function parameter it is loaded into; undefined for a non-loaded dep. */
  readonly inputName: string | undefined;
}

/**
 * One asset key of loaded definitions, as the graph, the planner and the engine see it.
 * `deps` are the graph's edges (a self-dependency through a partition mapping is not one);
 * `dependencies` keeps every dependency with its mapping.
 */
export interface AssetNode extends AssetNodeDescription {
  readonly key: AssetKey;
  /** `raw/orders`. */
  readonly keyString: string;
  readonly deps: readonly AssetKey[];
  readonly group: string;
  readonly kinds: readonly string[];
  readonly owners: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
  /** True for observable source and external assets (never materialized by Orrery). */
  readonly isExternal: boolean;
  readonly kind: 'materializable' | 'observable_source' | 'external';
  readonly spec: AssetSpecData;
  /** The definition computing (or declaring) the key. */
  readonly definition: AnyAssetsDefinition;
  /** Output name of the key in its definition (`result` for single assets); undefined when not computed. */
  readonly outputName: string | undefined;
  readonly partitions: PartitionsDefinition | undefined;
  /** Resource key of the IO manager storing the value and loading it downstream. */
  readonly ioManagerKey: string;
  readonly dependencies: readonly AssetNodeDependency[];
}

/** One node per key declared by `definitions` (declaration order; duplicates kept for the graph to report). */
export function buildAssetNodes(definitions: readonly AnyAssetsDefinition[]): AssetNode[] {
  const nodes: AssetNode[] = [];
  for (const definition of definitions) {
    definition.specs.forEach((spec, index) => {
      const keyString = formatAssetKey(spec.key);
      const inputNames = new Map<string, string>();
      if (definition.kind === 'asset' || definition.kind === 'multi_asset') {
        for (const [name, input] of Object.entries(definition.ins)) inputNames.set(formatAssetKey(input.key), name);
      }
      const dependencies = spec.deps.map((dep) => ({
        key: dep.key,
        partitionMapping: dep.partitionMapping,
        inputName: inputNames.get(formatAssetKey(dep.key)),
      }));
      nodes.push({
        key: spec.key,
        keyString,
        deps: spec.deps.map((dep) => dep.key).filter((key) => formatAssetKey(key) !== keyString),
        group: spec.group,
        kinds: spec.kinds,
        owners: spec.owners,
        tags: spec.tags,
        isExternal: definition.kind === 'external' || definition.kind === 'observable_source',
        kind: definition.kind === 'external' ? 'external' : definition.kind === 'observable_source' ? 'observable_source' : 'materializable',
        spec,
        definition,
        outputName: definition.kind === 'asset' || definition.kind === 'multi_asset' ? definition.outputs[index]?.name : undefined,
        partitions: spec.partitions,
        ioManagerKey: spec.ioManagerKey,
        dependencies,
      });
    });
  }
  return nodes;
}
