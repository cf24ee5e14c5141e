import type { DynamicPartitionKeysLookup } from '@orrery/core';
import { executeRun, type ComputeLogCapture, type EventSink, type RunResult, type StepRunner } from '@orrery/engine';
import type { Definitions, EnvMap } from '@orrery/sdk';
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
  return await executeRun({
    definitions,
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
    ...(computeLogs === undefined ? {} : { computeLogs }),
    ...(wrapStep === undefined ? {} : { wrapStep }),
    ...(dynamicPartitions === undefined ? {} : { dynamicPartitions }),
  });
}
