import type { ExecutionPlan, JsonObject, PlanStep, RetryPolicy } from '@orrery/core';
import type { StepRunner } from '../scheduler/step-attempt.js';

/**
 * What one kind of job (asset job, op job) brings to a run; `executeRun` does the rest —
 * run events, resources, scheduling, retries — the same way for both.
 */
export interface JobExecution {
  readonly plan: ExecutionPlan;
  /** Resources to set up before the first step (and tear down after the last). */
  readonly resourceKeys: Iterable<string>;
  /** The retry policy of a step, if any. */
  retryPolicyOf(step: PlanStep): RetryPolicy | undefined;
  readonly runStep: StepRunner;
  /** Emits what is known before any step runs (e.g. planned materializations). */
  announce?(): void;
  /** Extra data of a step's STEP_START event. */
  stepStartData?(step: PlanStep): JsonObject | undefined;
}
