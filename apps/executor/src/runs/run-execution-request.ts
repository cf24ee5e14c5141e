import { EXECUTION_RUN_TAGS, parseAssetKey, type AssetKey, type JsonValue, type RunRecord } from '@orrery/core';

/**
 * What one attempt executes, read from the run row — plain JSON, so it crosses into a child
 * process (`process` isolation) unchanged. The api writes these fields (docs/api.md).
 */
export interface RunExecutionRequest {
  runId: string;
  attempt: number;
  jobName: string;
  location: string;
  runConfig: Record<string, unknown>;
  tags: Record<string, string>;
  partitionKey?: string;
  partitionKeyRange?: { start: string; end: string };
  /** Asset keys (path arrays) of a subset of an asset job. */
  assetSelection?: AssetKey[];
  /** Steps of an op job to run (re-execution from failure); the others' outputs come from the parent run. */
  stepSelection?: string[];
  /** The run this one re-executes: where outputs of unselected steps are loaded from. */
  parentRunId?: string;
  /** Time limit of each step attempt (tag `orrery/step_timeout`, seconds). */
  stepTimeoutMs?: number;
  /** Time limit of the whole attempt (tag `orrery/max_runtime`, seconds, as Dagster's `dagster/max_runtime`). */
  maxRuntimeMs?: number;
}


/** The request of a claimed run's attempt. */
export function executionRequestOf(run: RunRecord, attempt: number): RunExecutionRequest {
  const { body } = run;
  const range = asRange(body.partitionKeyRange);
  const selection = Array.isArray(body.assetSelection) ? body.assetSelection.map(toAssetKey) : undefined;
  const steps = Array.isArray(body.stepSelection) ? body.stepSelection.map(String) : undefined;
  return {
    runId: run.runId,
    attempt,
    jobName: run.jobName,
    location: run.locationName ?? '',
    runConfig: body.runConfig,
    tags: { ...run.tags },
    ...(run.partitionKey === null ? {} : { partitionKey: run.partitionKey }),
    ...(range ? { partitionKeyRange: range } : {}),
    ...(selection ? { assetSelection: selection } : {}),
    ...(steps ? { stepSelection: steps } : {}),
    ...(run.parentRunId === null ? {} : { parentRunId: run.parentRunId }),
    ...secondsTag(run.tags[EXECUTION_RUN_TAGS.stepTimeout], 'stepTimeoutMs'),
    ...secondsTag(run.tags[EXECUTION_RUN_TAGS.maxRuntime], 'maxRuntimeMs'),
  };
}

// A positive number of seconds; anything else is ignored (the api validates tags it knows).
function secondsTag<K extends string>(value: string | undefined, key: K): { [P in K]?: number } {
  const seconds = value === undefined ? Number.NaN : Number(value);
  return Number.isFinite(seconds) && seconds > 0 ? ({ [key]: Math.round(seconds * 1000) } as { [P in K]?: number }) : {};
}

// "a/b" strings (the api's form) or path arrays: both name an asset key.
function toAssetKey(value: JsonValue): AssetKey {
  if (Array.isArray(value)) return value.map(String);
  return parseAssetKey(String(value));
}

function asRange(value: JsonValue | undefined): { start: string; end: string } | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { start, end } = value;
  return typeof start === 'string' && typeof end === 'string' ? { start, end } : undefined;
}
