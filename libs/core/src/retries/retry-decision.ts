import { calculateRetryDelay, type RandomSource } from './retry-delay.js';
import type { RetryPolicy } from './retry-policy.js';
import { isRetryRequested } from './retry-requested.js';

/** Input of {@link decideRetry}. */
export interface RetryDecisionInput {
  /** What the step attempt threw. */
  error: unknown;
  /** Number of the attempt that failed, counting from 1 (the first execution is attempt 1). */
  attempt: number;
  /** The step's retry policy (its own, else the job's), if any. */
  policy?: RetryPolicy | undefined;
  /**
   * False when the error opts out of the policy (Dagster's `Failure(allow_retries=False)`).
   * A {@link RetryRequested} is honoured regardless. Default: true.
   */
  allowPolicyRetry?: boolean;
  /** Random source for jitter, in [0, 1) like `Math.random`. */
  random: RandomSource;
}

/** What asked for the retry: the step's policy, or the step itself by throwing RetryRequested. */
export type RetrySource = 'policy' | 'request';

/** Outcome of {@link decideRetry}. */
export type RetryDecision =
  | {
      readonly retry: true;
      readonly source: RetrySource;
      /** Milliseconds to wait before `nextAttempt` starts. */
      readonly delay: number;
      readonly nextAttempt: number;
      readonly maxRetries: number;
    }
  | {
      readonly retry: false;
      readonly source: RetrySource | 'none';
      /** Why not, for the STEP_FAILURE event (`exceeded max retries of 3`). */
      readonly reason: string;
      readonly maxRetries: number;
    };

/**
 * Whether a failed step attempt is retried, and after how long — Dagster's rules:
 * - a thrown {@link RetryRequested} comes first and brings its own maxRetries and delay
 *   (dagster `op_execution_error_boundary` re-raises it before looking at the policy);
 * - otherwise the policy applies, with the delay from {@link calculateRetryDelay} for this attempt;
 * - a retry happens while the retries already made (`attempt - 1`) are fewer than maxRetries
 *   (dagster `execute_step`: `previous_attempt_count >= max_retries` fails the step).
 * With `maxRetries: 2` attempts 1 and 2 are retried and attempt 3 fails for good.
 */
export function decideRetry(input: RetryDecisionInput): RetryDecision {
  const { error, attempt, policy, random } = input;
  if (!Number.isInteger(attempt) || attempt < 1) {
    throw new RangeError(`attempt counts from 1 (the first execution), got ${attempt}`);
  }
  if (isRetryRequested(error)) {
    return decide('request', error.maxRetries, attempt, () => error.delay);
  }
  if (policy === undefined) return { retry: false, source: 'none', reason: 'the step has no retry policy', maxRetries: 0 };
  if (input.allowPolicyRetry === false) {
    return { retry: false, source: 'none', reason: 'the error does not allow retries', maxRetries: policy.maxRetries };
  }
  return decide('policy', policy.maxRetries, attempt, () => calculateRetryDelay(policy, attempt, random));
}

function decide(source: RetrySource, maxRetries: number, attempt: number, delay: () => number): RetryDecision {
  // The delay is computed only when retrying, so an exhausted policy draws no random number.
  if (attempt - 1 >= maxRetries) return { retry: false, source, reason: `exceeded max retries of ${maxRetries}`, maxRetries };
  return { retry: true, source, delay: delay(), nextAttempt: attempt + 1, maxRetries };
}
