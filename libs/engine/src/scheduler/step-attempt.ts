import type { PlanStep } from '@orrery/core';
import type { PlanExpansion } from './plan-expansion.js';

/** One attempt at running a step, as handed to the step runner. */
export interface StepAttempt {
  step: PlanStep;
  /** 1 for the first attempt, 2 for the first retry, … */
  attempt: number;
  /** Aborted when the run is canceled or the attempt times out; cooperative steps stop. */
  signal: AbortSignal;
}

/** What a step attempt produced besides success. */
export interface StepAttemptResult {
  /**
   * Dependent steps to skip although this step succeeded (their inputs were not produced,
   * e.g. an optional output or an unselected asset of a multi-asset).
   */
  skipDependents?: readonly string[];
  /**
   * Steps to add to the plan now that this step succeeded (a dynamic output's mapped
   * steps). An invalid expansion fails the step with a PlanExpansionError.
   */
  expand?: PlanExpansion;
}

/** Runs one attempt of a step; throwing fails the attempt. */
export type StepRunner = (attempt: StepAttempt) => Promise<StepAttemptResult | void>;

/**
 * Decides whether a failed attempt is retried and after how long (ms). Undefined: no retry.
 * The engine builds it from each step's RetryPolicy and `RetryRequested` errors.
 */
export type RetryDecider = (step: PlanStep, attempt: number, error: unknown) => { delayMs: number } | undefined;

/** Final state of a step in a run. */
export type StepOutcome = 'success' | 'failure' | 'skipped' | 'canceled' | 'not_started';
