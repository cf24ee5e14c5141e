import {
  AssetSelection, DEFAULT_IO_MANAGER_KEY, InMemoryIOManager, defineAssetJob, defineDefinitions,
  type AnyAssetsDefinition, type AssetCheckDefinition, type AssetKeyLike, type AssetSelectionLike,
} from '@orrery/sdk';
import { MemoryValues, runInProcess, splitAssetsAndChecks, type InProcessOutcome, type InProcessRunOptions } from './in-process-run.js';

/** Options of {@link materialize}. */
export interface MaterializeOptions extends InProcessRunOptions {
  /** Which of the given assets to materialize (text or builder). Default: all of them. */
  selection?: AssetSelectionLike;
}

/** The outcome of {@link materialize}: status, every event, and the stored values. */
export interface MaterializeOutcome extends InProcessOutcome {
  /**
   * The value stored for `key` (and `partitionKey`) by the default in-memory IO manager.
   * Throws StoredValueUnavailableError when another IO manager stored it, and
   * StoredValueNotFoundError when it was never materialized.
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
    ...splitAssetsAndChecks(assets),
    resources: { [DEFAULT_IO_MANAGER_KEY]: memory, ...options.resources },
    jobs: [defineAssetJob({ name: MATERIALIZE_JOB_NAME, selection: options.selection ?? AssetSelection.all() })],
  });
  const outcome = await runInProcess(definitions, MATERIALIZE_JOB_NAME, options);
  const values = new MemoryValues(memory, options.resources?.[DEFAULT_IO_MANAGER_KEY] === undefined, outcome.runId);
  return { ...outcome, valueOf: (key, partitionKey) => values.asset(definitions, key, partitionKey) };
}
