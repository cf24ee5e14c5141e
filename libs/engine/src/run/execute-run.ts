import { randomUUID } from 'node:crypto';
import { OrreryError, toErrorInfo } from '@orrery/contracts';
import type { AssetKey, DynamicPartitionKeysLookup, JsonObject, RandomSource } from '@orrery/core';
import type { Definitions, EnvMap, ResolvedJob } from '@orrery/sdk';
import type { EventSink } from '../event-sink.js';
import { policyRetryDecider } from '../scheduler/policy-retry-decider.js';
import { runPlan } from '../scheduler/run-plan.js';
import type { StepOutcome, StepRunner } from '../scheduler/step-attempt.js';
import { prepareAssetJob } from './asset-job.js';
import type { JobExecution } from './job-execution.js';
import { prepareOpJob } from './op-job.js';
import { OpStepSelection } from './op-step-selection.js';
import { setUpResources } from './run-resources.js';
import { emitEvent, type RunScope } from './run-scope.js';
import { capturingStepLogs, type ComputeLogCapture } from './compute-logs.js';
import { StepSelectionOfAssetJobError } from './step-selection-errors.js';

/** Options of {@link executeRun}. */
export interface ExecuteRunOptions {
  definitions: Definitions;
  jobName: string;
  /** Default: a new UUID. */
  runId?: string;
  /** Validated against the job's run config schema. */
  runConfig?: unknown;
  tags?: Readonly<Record<string, string>>;
  partitionKey?: string;
  /** A single-run range (Dagster's single-run backfill); both ends included. */
  partitionKeyRange?: { start: string; end: string };
  /** Only these assets of an asset job (and the checks on them). Default: the whole job. */
  assetSelection?: readonly AssetKey[];
  /**
   * Only these steps of an op job (Dagster's `step_selection`, as a re-execution from
   * failure gives it): op aliases (`etl.transform`) or step keys; a mapped step key
   * (`process[a]`) selects every item of its op. Steps outside it emit nothing. Default:
   * every step. Given for an asset job, or naming an unknown step, the run fails to start.
   */
  stepSelection?: readonly string[];
  /**
   * The run re-executed. With `stepSelection`, inputs of selected steps whose upstream step
   * is not selected are loaded from this run's stored outputs (the IO manager's
   * `upstreamOutput.runId`). Unused without `stepSelection`.
   */
  parentRunId?: string;
  sink: EventSink;
  /** Environment for `env()` references in resource config. Default: none. */
  env?: EnvMap;
  /** Aborting it cancels the run. */
  signal?: AbortSignal;
  /** "Now" for partitions that exist by time. Default: the current time. */
  now?: Date;
  dynamicPartitions?: DynamicPartitionKeysLookup;
  /** Default: the definitions' executor option, else unlimited. */
  maxConcurrency?: number;
  /** Time limit of one attempt of any step, in ms. */
  stepTimeoutMs?: number;
  /** Random source of retry jitter. Default Math.random. */
  random?: RandomSource;
  /** Captures each step's logs (LOGS_CAPTURED per step). Default: not captured. */
  computeLogs?: ComputeLogCapture;
  /**
   * Wraps every step attempt, outermost: the executor waits for a concurrency-pool slot
   * there and enters the step's log-capture context. Default: none.
   */
  wrapStep?: (runStep: StepRunner) => StepRunner;
}

/** How a run ended. */
export interface RunResult {
  runId: string;
  status: 'SUCCESS' | 'FAILURE' | 'CANCELED';
  steps: Map<string, StepOutcome>;
}

/** A run was given an asset selection, but its job is an op job. */
export class SelectionOfOpJobError extends OrreryError<'VALIDATION_FAILED', { job: string }> {
  constructor(readonly job: string) {
    super('VALIDATION_FAILED', { message: `job ${job} is an op job: it takes no asset selection`, details: { job } });
  }
}

/**
 * Executes a job of loaded definitions in this process (Dagster's in-process executor):
 * RUN_START, the plan's steps with their events, RUN_SUCCESS / RUN_FAILURE / RUN_CANCELED.
 * Asset jobs run one step per asset definition and check; op jobs one per op invocation,
 * growing as dynamic outputs resolve; a step selection (re-execution from failure) runs a
 * subset of an op job's steps over the parent run's stored outputs. Bad run config, an
 * unknown partition, an invalid step selection or a resource that fails to set up fail the
 * run before any step (JOB_INITIALIZATION_FAILURE); user code failing fails its step.
 * It never throws for user errors.
 */
export async function executeRun(options: ExecuteRunOptions): Promise<RunResult> {
  const runId = options.runId ?? randomUUID();
  const signal = options.signal ?? new AbortController().signal;
  const { definitions, sink } = options;
  const partial = { runId, jobName: options.jobName, definitions, runTags: options.tags ?? {}, resources: {}, signal, sink, computeLogs: options.computeLogs } as const;
  const fail = (message: string, error: unknown): RunResult => {
    emitEvent({ ...partial, runConfig: new Map(), partitionKeys: [], partitionKeyRange: undefined, partitionsContext: { now: new Date() } }, 'RUN_FAILURE', {
      level: 'ERROR', message, data: { reason: 'JOB_INITIALIZATION_FAILURE', error: toErrorInfo(error) as unknown as JsonObject },
    });
    return { runId, status: 'FAILURE', steps: new Map() };
  };

  let job: ResolvedJob;
  let scope: RunScope;
  let execution: JobExecution;
  try {
    job = definitions.getJob(options.jobName);
    const runConfig = job.parseRunConfig(options.runConfig ?? {});
    const partitionsContext = { now: options.now ?? new Date(), ...(options.dynamicPartitions ? { dynamicPartitions: options.dynamicPartitions } : {}) };
    const partitionKeys = runPartitionKeys(job, options, partitionsContext);
    scope = { ...partial, runConfig, partitionKeys, partitionKeyRange: options.partitionKeyRange, partitionsContext };
    execution = prepareExecution(scope, job, options);
  } catch (error) {
    return fail(`run ${runId} could not start: ${(error as Error).message}`, error);
  }

  emitEvent(scope, 'RUN_START', { message: `started run of ${job.name}`, data: { steps: execution.plan.steps.length, ...reexecutionData(options) } });
  execution.announce?.();
  let teardown: () => Promise<void>;
  try {
    teardown = await setUpResources(scope, execution.resourceKeys, options.env ?? {});
  } catch (error) {
    return fail(`run ${runId} failed: a resource failed to set up: ${(error as Error).message}`, error);
  }
  const result = await runPlan({
    runId, plan: execution.plan, sink, signal,
    partition: scope.partitionKeys.length === 1 ? scope.partitionKeys[0]! : null,
    maxConcurrency: options.maxConcurrency ?? definitions.executor.maxConcurrency,
    retry: policyRetryDecider((step) => execution.retryPolicyOf(step), options.random),
    stepTimeoutMs: options.stepTimeoutMs === undefined ? undefined : () => options.stepTimeoutMs,
    runStep: wrapped(options, options.computeLogs ? capturingStepLogs(scope, options.computeLogs, execution.runStep) : execution.runStep),
    ...(execution.stepStartData ? { stepStartData: (step) => execution.stepStartData!(step) } : {}),
  });
  await teardown();

  const status = result.status === 'success' ? 'SUCCESS' : result.status === 'canceled' ? 'CANCELED' : 'FAILURE';
  const failed = [...result.steps].filter(([, outcome]) => outcome === 'failure').map(([key]) => key);
  emitEvent(scope, status === 'SUCCESS' ? 'RUN_SUCCESS' : status === 'CANCELED' ? 'RUN_CANCELED' : 'RUN_FAILURE', {
    level: status === 'FAILURE' ? 'ERROR' : 'INFO',
    message: status === 'FAILURE' ? `steps failed: ${failed.join(', ')}` : `run ${status.toLowerCase()}`,
    data: status === 'FAILURE' ? { reason: 'STEP_FAILURE', failedSteps: failed } : {},
  });
  return { runId, status, steps: result.steps };
}

/** The asset or op job's part of the run, with the selection it was given. */
function prepareExecution(scope: RunScope, job: ResolvedJob, options: ExecuteRunOptions): JobExecution {
  if (job.kind === 'asset_job') {
    if (options.stepSelection !== undefined) throw new StepSelectionOfAssetJobError(job.name);
    return prepareAssetJob(scope, job, options.assetSelection);
  }
  if (options.assetSelection !== undefined) throw new SelectionOfOpJobError(job.name);
  const selection = options.stepSelection === undefined ? OpStepSelection.all() : OpStepSelection.of(job, options.stepSelection, options.parentRunId);
  return prepareOpJob(scope, job, selection);
}

/** RUN_START data of a re-execution: the steps it was asked for and where unselected outputs come from. */
function reexecutionData(options: ExecuteRunOptions): JsonObject {
  if (options.stepSelection === undefined) return {};
  return { stepSelection: [...options.stepSelection], ...(options.parentRunId === undefined ? {} : { parentRunId: options.parentRunId }) };
}

function wrapped(options: ExecuteRunOptions, runStep: StepRunner): StepRunner {
  return options.wrapStep ? options.wrapStep(runStep) : runStep;
}

function runPartitionKeys(job: ResolvedJob, options: ExecuteRunOptions, context: RunScope['partitionsContext']): string[] {
  if (options.partitionKey === undefined && options.partitionKeyRange === undefined) return [];
  if (job.partitions === undefined) throw new Error(`job ${job.name} is not partitioned; it takes no partition key`);
  if (options.partitionKeyRange !== undefined) return job.partitions.keysInRange(options.partitionKeyRange, context);
  if (!job.partitions.hasKey(options.partitionKey!, context)) throw new Error(`partition "${options.partitionKey}" does not exist in job ${job.name}`);
  return [options.partitionKey!];
}
