import { formatAssetKey, type AssetKey, type JsonObject } from '@orrery/core';
import { normalizeMetadata, type AssetNode, type IOManager, type Logger, type MetadataValueData } from '@orrery/sdk';
import { emitEvent, type RunScope } from './run-scope.js';
import { upstreamPartitionKeys } from './step-partitions.js';

/** The IO manager instance bound under `key` (set up with the run's resources). */
export function ioManagerAt(scope: RunScope, key: string): IOManager {
  return scope.resources[key] as IOManager;
}

/** Loads an upstream asset for `stepKey` through the upstream's IO manager (LOADED_INPUT). */
export async function loadAssetInput(
  scope: RunScope,
  stepKey: string,
  inputName: string,
  downstream: AssetNode,
  upstreamKey: AssetKey,
  log: Logger,
): Promise<unknown> {
  const upstream = scope.definitions.getAssetNode(upstreamKey);
  const mapping = downstream.dependencies.find((dep) => formatAssetKey(dep.key) === upstream.keyString)?.partitionMapping;
  const partitionKeys = upstreamPartitionKeys(scope, upstream.partitions, downstream.partitions, mapping);
  const value = await ioManagerAt(scope, upstream.ioManagerKey).loadInput({
    runId: scope.runId, stepKey, inputName, assetKey: upstream.key, partitionKeys, upstreamOutput: undefined, log,
  });
  emitEvent(scope, 'LOADED_INPUT', {
    stepKey, assetKey: upstream.keyString,
    message: `loaded input ${inputName} from ${upstream.keyString} with ${upstream.ioManagerKey}`,
    data: { inputName, ioManager: upstream.ioManagerKey, partitionKeys: [...partitionKeys] },
  });
  return value;
}

/**
 * Stores an asset's value through its IO manager (HANDLED_OUTPUT) and returns the metadata
 * the IO manager attached, to merge into the materialization.
 */
export async function storeAssetOutput(
  scope: RunScope,
  stepKey: string,
  node: AssetNode,
  outputName: string,
  partitionKeys: readonly string[],
  value: unknown,
  log: Logger,
): Promise<Record<string, MetadataValueData>> {
  const handled = await ioManagerAt(scope, node.ioManagerKey).handleOutput(
    { runId: scope.runId, stepKey, outputName, assetKey: node.key, partitionKeys, mappingKey: undefined, definitionMetadata: node.spec.metadata, log },
    value,
  );
  emitEvent(scope, 'HANDLED_OUTPUT', {
    stepKey, assetKey: node.keyString,
    message: `stored ${node.keyString} with ${node.ioManagerKey}`,
    data: { outputName, ioManager: node.ioManagerKey } as JsonObject,
  });
  return normalizeMetadata(handled?.metadata);
}
