import { OrreryError } from '@orrery/contracts';
import {
  DEFAULT_IO_MANAGER_KEY, Definitions, InMemoryIOManager, defineDefinitions,
  type AnyAssetsDefinition, type AssetCheckDefinition, type JobDefinition,
} from '@orrery/sdk';
import { MemoryValues, runInProcess, splitAssetsAndChecks, type InProcessRunOptions } from './in-process-run.js';
import type { MaterializeOutcome } from './materialize.js';
import { outputIoManagerKey, parseOpStepKey } from './run/op-graph-plan.js';
import { storedOutputName } from './run/op-io.js';

/** Options of {@link executeJob}. */
export interface ExecuteJobOptions extends InProcessRunOptions {
  /** The job to run; required when running from `Definitions`. */
  jobName?: string;
  /** The assets (and checks) an asset job given on its own selects from. */
  assets?: readonly (AnyAssetsDefinition | AssetCheckDefinition)[];
}

/** The outcome of {@link executeJob}: status, events, and the values stored in memory. */
export interface ExecuteJobOutcome extends MaterializeOutcome {
  /**
   * What op step `stepKey` (`transform`, `process[a]`) stored for `outputName` (default
   * `result`) through the default in-memory IO manager; `itemKey` picks an item of a
   * dynamic output. Throws ExecuteJobUsageError for an output the job does not have,
   * StoredValueUnavailableError when another IO manager stored it, and
   * StoredValueNotFoundError when nothing was stored (the step did not succeed, or the op
   * returned `undefined`, which is never stored).
   */
  outputOf(stepKey: string, outputName?: string, itemKey?: string): Promise<unknown>;
}

/** `executeJob` was called in a way it cannot serve (no job name for `Definitions`...). */
export class ExecuteJobUsageError extends OrreryError<'VALIDATION_FAILED', { reason: string }> {
  constructor(readonly reason: string) {
    super('VALIDATION_FAILED', { message: `executeJob: ${reason}`, details: { reason } });
  }
}

/**
 * Runs a job in this process, without any service (Dagster's `execute_in_process`): for
 * unit tests of op and asset jobs. Give loaded `Definitions` and `jobName`, or one job
 * (`job(...)`, or `defineAssetJob(...)` with the `assets` it selects from) with the
 * `resources` it needs. As in Dagster, the default IO manager becomes an in-memory one
 * whose values `outputOf` / `valueOf` read; a bound `io_manager` is kept. User code
 * failing is in the outcome (status, events), never thrown.
 */
export function executeJob(definitions: Definitions, options: ExecuteJobOptions & { jobName: string }): Promise<ExecuteJobOutcome>;
export function executeJob(job: JobDefinition, options?: ExecuteJobOptions): Promise<ExecuteJobOutcome>;
export async function executeJob(target: Definitions | JobDefinition, options: ExecuteJobOptions = {}): Promise<ExecuteJobOutcome> {
  const memory = new InMemoryIOManager();
  const { definitions, jobName, memoryBound } = target instanceof Definitions ? fromDefinitions(target, options, memory) : aroundJob(target, options, memory);
  const outcome = await runInProcess(definitions, jobName, options);
  const values = new MemoryValues(memory, memoryBound, outcome.runId);
  return {
    ...outcome,
    valueOf: (key, partitionKey) => values.asset(definitions, key, partitionKey),
    outputOf: async (stepKey, outputName = 'result', itemKey) => {
      const job = definitions.getJob(jobName);
      if (job.kind !== 'op_job') throw new ExecuteJobUsageError(`job ${jobName} is an asset job: read its values with valueOf`);
      const node = job.graph.nodes.find((candidate) => candidate.alias === parseOpStepKey(stepKey).alias);
      const op = node === undefined ? undefined : job.ops.get(node.op);
      if (op?.outs[outputName] === undefined) throw new ExecuteJobUsageError(`job ${jobName} has no output ${outputName} of step ${stepKey}`);
      return await values.opOutput(stepKey, storedOutputName(outputName, itemKey), outputIoManagerKey(op, outputName));
    },
  };
}

interface Target {
  definitions: Definitions;
  jobName: string;
  /** True when the in-memory IO manager is bound at `io_manager`. */
  memoryBound: boolean;
}

function aroundJob(job: JobDefinition, options: ExecuteJobOptions, memory: InMemoryIOManager): Target {
  if (options.jobName !== undefined && options.jobName !== job.name) {
    throw new ExecuteJobUsageError(`jobName ${options.jobName} names another job than the one given (${job.name})`);
  }
  const definitions = defineDefinitions({
    ...splitAssetsAndChecks(options.assets ?? []),
    jobs: [job],
    resources: { [DEFAULT_IO_MANAGER_KEY]: memory, ...options.resources },
  });
  return { definitions, jobName: job.name, memoryBound: options.resources?.[DEFAULT_IO_MANAGER_KEY] === undefined };
}

/**
 * The job of loaded definitions, rebuilt around it when its default IO manager is to be
 * swapped for memory or resources are overridden. An unknown job is left for the run to
 * fail on, like any other run of it.
 */
function fromDefinitions(loaded: Definitions, options: ExecuteJobOptions, memory: InMemoryIOManager): Target {
  const { jobName } = options;
  if (jobName === undefined) throw new ExecuteJobUsageError('give jobName to run a job of Definitions');
  if (options.assets !== undefined) throw new ExecuteJobUsageError('assets are taken from the Definitions; give them only with a job alone');
  const defaultIoManager = loaded.snapshot.resources.some((resource) => resource.key === DEFAULT_IO_MANAGER_KEY && resource.isDefault);
  const memoryBound = defaultIoManager && options.resources?.[DEFAULT_IO_MANAGER_KEY] === undefined;
  if (!loaded.hasJob(jobName) || (!memoryBound && options.resources === undefined)) return { definitions: loaded, jobName, memoryBound };
  const { maxConcurrency, isolation } = loaded.executor;
  const definitions = defineDefinitions({
    assets: loaded.assetsDefinitions,
    assetChecks: loaded.assetChecks,
    jobs: [loaded.getJob(jobName).definition],
    resources: { ...Object.fromEntries(loaded.resources), ...(memoryBound ? { [DEFAULT_IO_MANAGER_KEY]: memory } : {}), ...options.resources },
    executor: { isolation, ...(maxConcurrency === undefined ? {} : { maxConcurrency }) },
  });
  return { definitions, jobName, memoryBound };
}
