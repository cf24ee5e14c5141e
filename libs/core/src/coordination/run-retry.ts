import type { RunRetriesConfig } from '@orrery/contracts';
import type { RunTags } from '../runs/records.js';
import type { RunFailureReason, RunStatus } from '../runs/run-status.js';
import { COORDINATION_RUN_TAGS as TAGS, parseBooleanTag, parseIntegerTag, tagValue } from './run-tags.js';

/** What a retry run re-executes: the failed and skipped steps, or the whole job again. */
export type RunRetryStrategy = RunRetriesConfig['strategy'];

const STRATEGIES: readonly RunRetryStrategy[] = ['FROM_FAILURE', 'ALL_STEPS'];

/** The finished run a retry is considered for. */
export interface RetryCandidateRun {
  readonly runId: string;
  readonly status: RunStatus;
  /** Set with FAILURE. */
  readonly failureReason: RunFailureReason | null;
  /** Root of its re-execution chain; null when the run is itself a root. */
  readonly rootRunId: string | null;
}

/** Input of {@link decideRunRetry}. */
export interface RunRetryInput {
  readonly run: RetryCandidateRun;
  /** The run's tags (`orrery/max_retries`, `orrery/retry_strategy`, `orrery/retry_number`, …). */
  readonly tags: RunTags;
  /** The parsed `run_retries` config. */
  readonly instanceDefault: RunRetriesConfig;
}

/** Why a failed run gets no automatic retry. */
export type RunRetrySkipReason =
  /** `run_retries.enabled` is false. */
  | 'RETRIES_DISABLED'
  /** The run did not end in FAILURE. */
  | 'NOT_FAILED'
  /** The run already has its automatic retry (`orrery/auto_retry_run_id`). */
  | 'ALREADY_RETRIED'
  /** `orrery/max_retries` is not an integer ≥ 0. */
  | 'INVALID_MAX_RETRIES'
  /** `orrery/retry_number` is not an integer ≥ 0, so the retries made are unknown. */
  | 'INVALID_RETRY_NUMBER'
  /** Max retries is 0. */
  | 'NO_RETRIES'
  /** The chain already made max retries. */
  | 'RETRIES_EXHAUSTED'
  /** A step failed and `retry_on_asset_or_op_failure` is false. */
  | 'STEP_FAILURE_NOT_RETRIED';

/** Outcome of {@link decideRunRetry}. */
export type RunRetryDecision =
  | {
      readonly retry: true;
      readonly maxRetries: number;
      /** Which retry the child run is, from 1; its `orrery/retry_number`. */
      readonly retryNumber: number;
      readonly strategy: RunRetryStrategy;
      /** The failed run. */
      readonly parentRunId: string;
      /** The first run of the chain. */
      readonly rootRunId: string;
      /** Tags of the child run: the parent's, less its outcome tags, plus retry number, parent and root. */
      readonly tags: RunTags;
      /** Tag values that were ignored (a bad `orrery/retry_strategy` falls back to the default). */
      readonly problems: string[];
    }
  | {
      readonly retry: false;
      readonly reason: RunRetrySkipReason;
      /** For the engine event on the failed run. */
      readonly message: string;
    };

/** Tags that describe how the parent ended; a child inheriting them would look already retried. */
const OUTCOME_TAGS: ReadonlySet<string> = new Set([TAGS.willRetry, TAGS.autoRetryRunId, TAGS.failureReason]);

function skip(reason: RunRetrySkipReason, message: string): RunRetryDecision {
  return { retry: false, reason, message };
}

/**
 * Whether a finished run gets an automatic retry run — Dagster's auto run re-execution
 * (`auto_reexecution_should_retry_run`, `filter_runs_to_should_retry`):
 * - only FAILURE runs, only when `run_retries.enabled`, and once per run
 *   (`orrery/auto_retry_run_id` marks a run whose retry exists, so a redelivered failure
 *   creates no second child);
 * - max retries from `orrery/max_retries`, else `run_retries.max_retries`; a malformed tag
 *   means no retry, as in Dagster;
 * - retries made so far from the run's `orrery/retry_number` (absent on the root run): a retry
 *   while it is below max retries; the child carries `retry_number + 1`;
 * - no retry of a STEP_FAILURE when `orrery/retry_on_asset_or_op_failure` (else
 *   `run_retries.retry_on_asset_or_op_failure`) is false;
 * - strategy from `orrery/retry_strategy`, else `run_retries.strategy`.
 */
export function decideRunRetry(input: RunRetryInput): RunRetryDecision {
  const { run, tags, instanceDefault } = input;
  if (!instanceDefault.enabled) return skip('RETRIES_DISABLED', 'run retries are disabled on this instance');
  if (run.status !== 'FAILURE') return skip('NOT_FAILED', `the run is ${run.status}, not FAILURE`);
  const existing = tagValue(tags, TAGS.autoRetryRunId);
  if (existing !== undefined) return skip('ALREADY_RETRIED', `the run was already retried as ${existing}`);

  const rawMax = tagValue(tags, TAGS.maxRetries);
  const maxRetries = rawMax === undefined ? instanceDefault.maxRetries : parseIntegerTag(rawMax);
  if (maxRetries === undefined || maxRetries < 0) {
    return skip('INVALID_MAX_RETRIES', `${TAGS.maxRetries} "${rawMax}" is not an integer ≥ 0; not retrying`);
  }
  if (maxRetries === 0) return skip('NO_RETRIES', 'max retries is 0');

  const rawNumber = tagValue(tags, TAGS.retryNumber);
  const retriesMade = rawNumber === undefined ? 0 : parseIntegerTag(rawNumber);
  // Retrying with an unknown count could retry forever; refusing costs one retry at most.
  if (retriesMade === undefined || retriesMade < 0) {
    return skip('INVALID_RETRY_NUMBER', `${TAGS.retryNumber} "${rawNumber}" is not an integer ≥ 0; not retrying`);
  }
  if (retriesMade >= maxRetries) return skip('RETRIES_EXHAUSTED', `exceeded max retries of ${maxRetries}`);

  const retryOnStepFailure = parseBooleanTag(tagValue(tags, TAGS.retryOnAssetOrOpFailure), instanceDefault.retryOnAssetOrOpFailure);
  if (run.failureReason === 'STEP_FAILURE' && !retryOnStepFailure) {
    return skip('STEP_FAILURE_NOT_RETRIED', 'a step failed and retry_on_asset_or_op_failure is false');
  }

  const problems: string[] = [];
  const strategy = strategyOf(tagValue(tags, TAGS.retryStrategy), instanceDefault.strategy, problems);
  const retryNumber = retriesMade + 1;
  const rootRunId = run.rootRunId ?? run.runId;
  const childTags: Record<string, string> = {};
  for (const key of Object.keys(tags)) {
    const value = tags[key];
    if (value !== undefined && !OUTCOME_TAGS.has(key)) childTags[key] = value;
  }
  childTags[TAGS.retryNumber] = String(retryNumber);
  childTags[TAGS.parentRunId] = run.runId;
  childTags[TAGS.rootRunId] = rootRunId;
  return { retry: true, maxRetries, retryNumber, strategy, parentRunId: run.runId, rootRunId, tags: childTags, problems };
}

function strategyOf(raw: string | undefined, fallback: RunRetryStrategy, problems: string[]): RunRetryStrategy {
  if (raw === undefined) return fallback;
  const known = STRATEGIES.find((strategy) => strategy === raw);
  if (known) return known;
  // Dagster also falls back (to FROM_FAILURE) and reports the bad tag instead of not retrying.
  problems.push(`${TAGS.retryStrategy} "${raw}" is not FROM_FAILURE or ALL_STEPS; using ${fallback}`);
  return fallback;
}
