import type { RunTags } from '../runs/records.js';

/**
 * System run tags read or written by the run-launcher: Dagster's `dagster/…` tags
 * (dagster/_core/storage/tags.py) with the `orrery/` prefix.
 */
export const COORDINATION_RUN_TAGS = {
  /** Queue priority, an integer as a string; higher launches first. Default 0. */
  priority: 'orrery/priority',
  /** Retries of a failed run; overrides `run_retries.max_retries`. */
  maxRetries: 'orrery/max_retries',
  /** Which retry of the root run this run is: absent on the original, "1" on the first retry. */
  retryNumber: 'orrery/retry_number',
  /** `FROM_FAILURE` or `ALL_STEPS`; overrides `run_retries.strategy`. */
  retryStrategy: 'orrery/retry_strategy',
  /** Boolean; overrides `run_retries.retry_on_asset_or_op_failure` for this run. */
  retryOnAssetOrOpFailure: 'orrery/retry_on_asset_or_op_failure',
  /** Run id of the run this one re-executes. */
  parentRunId: 'orrery/parent_run_id',
  /** Run id of the first run of the re-execution chain. */
  rootRunId: 'orrery/root_run_id',
  /** Set on a failed run when an automatic retry will be created for it. */
  willRetry: 'orrery/will_retry',
  /** Set on a failed run once its automatic retry exists: the retry's run id. */
  autoRetryRunId: 'orrery/auto_retry_run_id',
  /** Failure reason of a failed run, as a tag (Dagster's dagster/failure_reason). */
  failureReason: 'orrery/failure_reason',
} as const;

/** Run tags the executor reads: time limits in seconds (Dagster's `dagster/max_runtime`). */
export const EXECUTION_RUN_TAGS = {
  /** Time limit of each step attempt, in seconds. */
  stepTimeout: 'orrery/step_timeout',
  /** Time limit of the whole attempt, in seconds; a run past it fails. */
  maxRuntime: 'orrery/max_runtime',
} as const;

/** The value of `key` in `tags`, or undefined. Own keys only: `constructor` is not a tag. */
export function tagValue(tags: RunTags, key: string): string | undefined {
  return Object.hasOwn(tags, key) ? tags[key] : undefined;
}

// Python's int() accepts surrounding blanks and a sign, and so does Dagster's tag parsing.
const INTEGER_TAG = /^\s*[+-]?\d+\s*$/;

/** An integer tag value (`" 3 "`, `"-2"`), or undefined when it is not a safe integer. */
export function parseIntegerTag(value: string): number | undefined {
  if (!INTEGER_TAG.test(value)) return undefined;
  const parsed = Number(value);
  return Number.isSafeInteger(parsed) ? parsed : undefined;
}

/**
 * A boolean tag value the way Dagster reads one (`get_boolean_tag_value`): absent → the
 * default; `false`, `none`, `0` and the empty string (any case, blanks trimmed) → false;
 * anything else → true.
 */
export function parseBooleanTag(value: string | undefined, defaultValue: boolean): boolean {
  if (value === undefined) return defaultValue;
  return !['false', 'none', '0', ''].includes(value.trim().toLowerCase());
}
