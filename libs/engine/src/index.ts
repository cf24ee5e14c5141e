export { MemoryEventSink, type EventSink } from './event-sink.js';
export { runPlan, type PlanResult, type RunPlanOptions } from './scheduler/run-plan.js';
export type { RetryDecider, StepAttempt, StepAttemptResult, StepOutcome, StepRunner } from './scheduler/step-attempt.js';
export { StepCanceledError, StepTimeoutError } from './scheduler/step-timeout-error.js';
export { policyRetryDecider } from './scheduler/policy-retry-decider.js';
export { executeRun, type ExecuteRunOptions, type RunResult } from './run/execute-run.js';
export { BlockingCheckFailedError } from './run/blocking-check-failed-error.js';
export { materialize, MATERIALIZE_JOB_NAME, type MaterializeOptions, type MaterializeOutcome } from './materialize.js';
