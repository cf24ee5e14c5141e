import { formatAssetKey } from '@orrery/core';
import { ioManagerResource, type ResourceDefinition } from '../resources/resource.js';
import {
  StoredValueNotFoundError,
  describeStored,
  loadByPartition,
  valuesByPartition,
  type IOManager,
  type InputContext,
  type OutputContext,
} from './io-manager.js';

/**
 * Keeps values in a Map of this process (Dagster's InMemoryIOManager). Values are stored
 * as given, not copied: a downstream step that mutates its input mutates the stored value.
 * Use it for tests and `materialize()`; nothing survives the process.
 */
export class InMemoryIOManager implements IOManager {
  /** Stored values by {@link InMemoryIOManager.storageKey}. */
  readonly values = new Map<string, unknown>();

  async handleOutput(context: OutputContext, value: unknown): Promise<void> {
    for (const [partitionKey, partValue] of valuesByPartition('inMemoryIOManager', context, value)) {
      this.values.set(this.storageKey(context, partitionKey), partValue);
    }
  }

  async loadInput(context: InputContext): Promise<unknown> {
    return loadByPartition(context, async (partitionKey) => {
      const key = this.storageKey(context, partitionKey);
      if (!this.values.has(key)) throw new StoredValueNotFoundError(describeStored(context, partitionKey));
      return this.values.get(key);
    });
  }

  /** `asset:<key>` or `asset:<key>|<partition>`; `op:<run>/<step>/<output>` for op outputs. */
  storageKey(context: OutputContext | InputContext, partitionKey: string): string {
    if (context.assetKey !== undefined) {
      const key = formatAssetKey(context.assetKey);
      return partitionKey === '' ? `asset:${key}` : `asset:${key}|${partitionKey}`;
    }
    const upstream = 'upstreamOutput' in context ? context.upstreamOutput : undefined;
    const { runId, stepKey, outputName } = upstream ?? (context as OutputContext);
    return `op:${runId}/${stepKey}/${outputName}`;
  }
}

/**
 * An in-memory IO manager as a resource: one fresh {@link InMemoryIOManager} per run, as
 * Dagster's `mem_io_manager`. To share or inspect values across runs, bind an instance:
 * `resources: { io_manager: new InMemoryIOManager() }`.
 */
export function inMemoryIOManager(): ResourceDefinition<InMemoryIOManager, undefined, never> {
  return ioManagerResource({ description: 'Values in memory, per run', setup: () => new InMemoryIOManager() });
}
