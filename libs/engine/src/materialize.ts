import type { AssetKey, NewEvent } from '@orrery/core';
import {
  AssetSelection, DEFAULT_IO_MANAGER_KEY, InMemoryIOManager, defineAssetJob, defineDefinitions, formatAssetKey, isAssetCheckDefinition, toAssetKey,
  type AnyAssetsDefinition, type AssetCheckDefinition, type AssetKeyLike, type AssetSelectionLike, type EnvMap,
} from '@orrery/sdk';
import { MemoryEventSink } from './event-sink.js';
import { executeRun, type RunResult } from './run/execute-run.js';

/** Options of {@link materialize}. */
export interface MaterializeOptions {
  /** Which of the given assets to materialize (text or builder). Default: all of them. */
  selection?: AssetSelectionLike;
  partitionKey?: string;
  partitionKeyRange?: { start: string; end: string };
  /** Resources by key: definitions or plain values. `io_manager` defaults to values in memory. */
  resources?: Readonly<Record<string, unknown>>;
  runConfig?: unknown;
  tags?: Readonly<Record<string, string>>;
  /** For `env()` references in resource config. Default: none. */
  env?: EnvMap;
  now?: Date;
}

/** The outcome of {@link materialize}: status, every event, and the stored values. */
export interface MaterializeOutcome extends RunResult {
  readonly success: boolean;
  readonly events: readonly NewEvent[];
  /** Events of one type, in order. */
  eventsOfType(type: NewEvent['type']): NewEvent[];
  /**
   * The value stored for `key` (and `partitionKey`) by the default in-memory IO manager.
   * Throws when the asset was stored by another IO manager or never materialized.
   */
  valueOf(key: AssetKeyLike, partitionKey?: string): Promise<unknown>;
}

/** Name of the job {@link materialize} builds around the given assets. */
export const MATERIALIZE_JOB_NAME = '__materialize';

/**
 * Materializes assets in this process, without any service (Dagster's `materialize`): for
 * unit tests of definitions. The assets, checks and resources given are validated like
 * `defineDefinitions`; values are kept in memory unless another `io_manager` is given.
 */
export async function materialize(
  assets: readonly (AnyAssetsDefinition | AssetCheckDefinition)[],
  options: MaterializeOptions = {},
): Promise<MaterializeOutcome> {
  const memory = new InMemoryIOManager();
  const definitions = defineDefinitions({
    assets: assets.filter((item): item is AnyAssetsDefinition => !isAssetCheckDefinition(item)),
    assetChecks: assets.filter(isAssetCheckDefinition),
    resources: { [DEFAULT_IO_MANAGER_KEY]: memory, ...options.resources },
    jobs: [defineAssetJob({ name: MATERIALIZE_JOB_NAME, selection: options.selection ?? AssetSelection.all() })],
  });
  const sink = new MemoryEventSink();
  const result = await executeRun({
    definitions, jobName: MATERIALIZE_JOB_NAME, sink,
    runConfig: options.runConfig, tags: options.tags, env: options.env, now: options.now,
    ...(options.partitionKey === undefined ? {} : { partitionKey: options.partitionKey }),
    ...(options.partitionKeyRange === undefined ? {} : { partitionKeyRange: options.partitionKeyRange }),
  });
  return {
    ...result,
    success: result.status === 'SUCCESS',
    events: sink.events,
    eventsOfType: (type) => sink.events.filter((event) => event.type === type),
    valueOf: async (key, partitionKey) => {
      const assetKey: AssetKey = toAssetKey(key);
      const node = definitions.getAssetNode(assetKey);
      if (node.ioManagerKey !== DEFAULT_IO_MANAGER_KEY || options.resources?.[DEFAULT_IO_MANAGER_KEY] !== undefined) {
        throw new Error(`${formatAssetKey(assetKey)} is stored by IO manager "${node.ioManagerKey}", not in memory: load it from there`);
      }
      return await memory.loadInput({
        runId: result.runId, stepKey: 'materialize', inputName: 'value', assetKey, partitionKeys: partitionKey === undefined ? [] : [partitionKey],
        upstreamOutput: undefined, log: { debug() {}, info() {}, warn() {}, error() {} },
      });
    },
  };
}
