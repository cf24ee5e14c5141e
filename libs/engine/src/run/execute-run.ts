import { randomUUID } from 'node:crypto';
import { toErrorInfo } from '@orrery/contracts';
import {
  buildExecutionPlan, formatAssetKey, type AssetKey, type DynamicPartitionKeysLookup, type JsonObject, type PlanStep, type RandomSource,
} from '@orrery/core';
import type { Definitions, EnvMap, ParsedRunConfig, ResolvedJob } from '@orrery/sdk';
import type { EventSink } from '../event-sink.js';
import { policyRetryDecider } from '../scheduler/policy-retry-decider.js';
import { runPlan } from '../scheduler/run-plan.js';
import type { StepOutcome } from '../scheduler/step-attempt.js';
import { checkStepKey, planAssetSteps } from './asset-plan.js';
import { runAssetStep } from './asset-step.js';
import { runCheckStep } from './check-step.js';
import { setUpResources } from './run-resources.js';
import { emitEvent, type RunScope } from './run-scope.js';

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
  /** Only these assets of the job (and the checks on them). Default: the whole job. */
  assetSelection?: readonly AssetKey[];
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
}

/** How a run ended. */
export interface RunResult {
  runId: string;
  status: 'SUCCESS' | 'FAILURE' | 'CANCELED';
  steps: Map<string, StepOutcome>;
}

/**
 * Executes a job of loaded definitions in this process (Dagster's in-process executor):
 * RUN_START, the plan's steps with their events, RUN_SUCCESS / RUN_FAILURE / RUN_CANCELED.
 * Bad run config, an unknown partition or a resource that fails to set up fail the run
 * before any step; user code failing fails its step. It never throws for user errors.
 */
export async function executeRun(options: ExecuteRunOptions): Promise<RunResult> {
  const runId = options.runId ?? randomUUID();
  const signal = options.signal ?? new AbortController().signal;
  const { definitions, sink } = options;
  const partial = { runId, jobName: options.jobName, definitions, runTags: options.tags ?? {}, resources: {}, signal, sink } as const;
  const fail = (message: string, error: unknown): RunResult => {
    emitEvent({ ...partial, runConfig: new Map(), partitionKeys: [], partitionKeyRange: undefined, partitionsContext: { now: new Date() } }, 'RUN_FAILURE', {
      level: 'ERROR', message, data: { reason: 'JOB_INITIALIZATION_FAILURE', error: toErrorInfo(error) as unknown as JsonObject },
    });
    return { runId, status: 'FAILURE', steps: new Map() };
  };

  let job: ResolvedJob;
  let runConfig: ParsedRunConfig;
  let scope: RunScope;
  try {
    job = definitions.getJob(options.jobName);
    runConfig = job.parseRunConfig(options.runConfig ?? {});
    const partitionsContext = { now: options.now ?? new Date(), ...(options.dynamicPartitions ? { dynamicPartitions: options.dynamicPartitions } : {}) };
    const partitionKeys = runPartitionKeys(job, options, partitionsContext);
    scope = { ...partial, runConfig, partitionKeys, partitionKeyRange: options.partitionKeyRange, partitionsContext };
  } catch (error) {
    return fail(`run ${runId} could not start: ${(error as Error).message}`, error);
  }
  if (job.kind !== 'asset_job') {
    return fail(`job ${job.name} is an op job; in-process execution of op jobs is not built yet`, new Error('op jobs are not executable yet'));
  }

  const selected = options.assetSelection ? new Set(options.assetSelection.map(formatAssetKey)) : undefined;
  const assetKeys = job.assetKeys.filter((key) => !selected || selected.has(formatAssetKey(key)));
  const checkKeys = job.checkKeys.filter((checkKey) => !selected || selected.has(formatAssetKey(definitions.getAssetCheck(checkKey).assetKey)));
  const { steps } = planAssetSteps(definitions, assetKeys, checkKeys);
  const plan = buildExecutionPlan(steps);

  emitEvent(scope, 'RUN_START', { message: `started run of ${job.name}`, data: { steps: plan.steps.length } });
  for (const step of plan.steps) announcePlanned(scope, step);

  const checkOfStep = new Map(checkKeys.map((checkKey) => [checkStepKey(checkKey), checkKey]));
  let teardown: () => Promise<void>;
  try {
    teardown = await setUpResources(scope, resourceKeysOf(definitions, plan.steps, checkOfStep), options.env ?? {});
  } catch (error) {
    return fail(`run ${runId} failed: a resource failed to set up: ${(error as Error).message}`, error);
  }
  const result = await runPlan({
    runId, plan, sink, signal,
    partition: scope.partitionKeys.length === 1 ? scope.partitionKeys[0]! : null,
    maxConcurrency: options.maxConcurrency ?? definitions.executor.maxConcurrency,
    retry: policyRetryDecider((step) => retryPolicyOf(definitions, step, checkOfStep), options.random),
    stepTimeoutMs: options.stepTimeoutMs === undefined ? undefined : () => options.stepTimeoutMs,
    runStep: (attempt) => {
      const checkKey = checkOfStep.get(attempt.step.key);
      return checkKey === undefined ? runAssetStep(scope, attempt) : runCheckStep(scope, checkKey, attempt);
    },
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

function runPartitionKeys(job: ResolvedJob, options: ExecuteRunOptions, context: RunScope['partitionsContext']): string[] {
  if (options.partitionKey === undefined && options.partitionKeyRange === undefined) return [];
  if (job.partitions === undefined) throw new Error(`job ${job.name} is not partitioned; it takes no partition key`);
  if (options.partitionKeyRange !== undefined) return job.partitions.keysInRange(options.partitionKeyRange, context);
  if (!job.partitions.hasKey(options.partitionKey!, context)) throw new Error(`partition "${options.partitionKey}" does not exist in job ${job.name}`);
  return [options.partitionKey!];
}

/** ASSET_MATERIALIZATION_PLANNED / ASSET_CHECK_EVALUATION_PLANNED before anything runs. */
function announcePlanned(scope: RunScope, step: PlanStep): void {
  const type = step.kind === 'asset' ? 'ASSET_MATERIALIZATION_PLANNED' : step.kind === 'asset_check' ? 'ASSET_CHECK_EVALUATION_PLANNED' : undefined;
  if (type === undefined) return;
  for (const assetKey of step.assetKeys ?? []) {
    for (const partition of scope.partitionKeys.length > 0 ? scope.partitionKeys : [null]) {
      emitEvent(scope, type, { stepKey: step.key, assetKey, partition, message: `${step.key} planned` });
    }
  }
}

/** Resources the steps need: their own, and the IO managers of what they store and load. */
function resourceKeysOf(definitions: Definitions, steps: readonly PlanStep[], checkOfStep: ReadonlyMap<string, string>): Set<string> {
  const keys = new Set<string>();
  for (const step of steps) {
    const checkKey = checkOfStep.get(step.key);
    if (checkKey !== undefined) for (const key of definitions.getAssetCheck(checkKey).resourceKeys) keys.add(key);
    for (const assetKey of step.assetKeys ?? []) {
      const node = definitions.getAssetNode(assetKey);
      keys.add(node.ioManagerKey);
      for (const dep of node.dependencies) keys.add(definitions.getAssetNode(dep.key).ioManagerKey);
      const definition = node.definition;
      if (definition.kind !== 'external') for (const key of definition.resourceKeys) keys.add(key);
    }
  }
  return keys;
}

function retryPolicyOf(definitions: Definitions, step: PlanStep, checkOfStep: ReadonlyMap<string, string>) {
  const checkKey = checkOfStep.get(step.key);
  if (checkKey !== undefined) return definitions.getAssetCheck(checkKey).retry;
  const definition = definitions.getAssetsDefinition(step.assetKeys![0]!);
  return definition.kind === 'external' ? undefined : definition.retry;
}
