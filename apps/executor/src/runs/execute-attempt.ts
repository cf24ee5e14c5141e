import type { DynamicPartitionKeysLookup } from '@orrery/core';
import { executeRun, type ComputeLogCapture, type EventSink, type RunResult, type StepRunner } from '@orrery/engine';
import { toErrorInfo } from '@orrery/contracts';
import { IMPLICIT_ASSET_JOB_NAME, withImplicitAssetJob, type Definitions, type EnvMap } from '@orrery/sdk';
import type { RunExecutionRequest } from './run-execution-request.js';

/** What executing an attempt needs besides the request: where events go and how to stop. */
export interface AttemptEnvironment {
  sink: EventSink;
  signal: AbortSignal;
  /** For `env()` references in resource config: the executor's environment. */
  env: EnvMap;
  computeLogs?: ComputeLogCapture;
  wrapStep?: (runStep: StepRunner) => StepRunner;
  dynamicPartitions?: DynamicPartitionKeysLookup;
}

/** Runs one attempt of a run with the engine, in this process. Never throws for user errors. */
export async function executeAttempt(definitions: Definitions, request: RunExecutionRequest, environment: AttemptEnvironment): Promise<RunResult> {
  const { sink, signal, env, computeLogs, wrapStep, dynamicPartitions } = environment;
  let target = definitions;
  if (request.jobName === IMPLICIT_ASSET_JOB_NAME) {
    // "Materialize these assets": a job over exactly the run's selection, built here because
    // which assets (and so which partitions) it covers is known only per run.
    try {
      target = withImplicitAssetJob(definitions, request.assetSelection ?? []);
    } catch (error) {
      const message = `run ${request.runId} could not start: ${(error as Error).message}`;
      sink.emit({ runId: request.runId, type: 'RUN_FAILURE', level: 'ERROR', timestamp: new Date(), message, data: { reason: 'JOB_INITIALIZATION_FAILURE', error: toErrorInfo(error) as never } });
      return { runId: request.runId, status: 'FAILURE', steps: new Map() };
    }
  }
  return await executeRun({
    definitions: target,
    jobName: request.jobName,
    runId: request.runId,
    runConfig: request.runConfig,
    tags: request.tags,
    sink,
    signal,
    env,
    ...(request.partitionKey === undefined ? {} : { partitionKey: request.partitionKey }),
    ...(request.partitionKeyRange === undefined ? {} : { partitionKeyRange: request.partitionKeyRange }),
    ...(request.assetSelection === undefined ? {} : { assetSelection: request.assetSelection }),
    ...(request.stepTimeoutMs === undefined ? {} : { stepTimeoutMs: request.stepTimeoutMs }),
    ...(request.stepSelection === undefined ? {} : { stepSelection: request.stepSelection }),
    ...(request.stepSelection === undefined || request.parentRunId === undefined ? {} : { parentRunId: request.parentRunId }),
    ...(computeLogs === undefined ? {} : { computeLogs }),
    ...(wrapStep === undefined ? {} : { wrapStep }),
    ...(dynamicPartitions === undefined ? {} : { dynamicPartitions }),
  });
}
