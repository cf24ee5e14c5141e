import { decideRetry, type PlanStep, type RandomSource, type RetryPolicy } from '@orrery/core';
import type { RetryDecider } from './step-attempt.js';

/**
 * A RetryDecider from each step's RetryPolicy and Dagster's rules (core's `decideRetry`):
 * a thrown RetryRequested brings its own limit and wait, else the policy's backoff applies.
 */
export function policyRetryDecider(policyOf: (step: PlanStep) => RetryPolicy | undefined, random: RandomSource = Math.random): RetryDecider {
  return (step, attempt, error) => {
    const decision = decideRetry({ error, attempt, policy: policyOf(step), random });
    return decision.retry ? { delayMs: decision.delay } : undefined;
  };
}
