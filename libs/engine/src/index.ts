export { MemoryEventSink, type EventSink } from './event-sink.js';
export { runPlan, type PlanResult, type RunPlanOptions } from './scheduler/run-plan.js';
export { PlanExpansionError, type PlanExpansion } from './scheduler/plan-expansion.js';
export type { RetryDecider, StepAttempt, StepAttemptResult, StepOutcome, StepRunner } from './scheduler/step-attempt.js';
export { StepCanceledError, StepTimeoutError } from './scheduler/step-timeout-error.js';
export { policyRetryDecider } from './scheduler/policy-retry-decider.js';
export { executeRun, SelectionOfOpJobError, type ExecuteRunOptions, type RunResult } from './run/execute-run.js';
export { UnresolvedDynamicOutputError } from './run/op-graph-plan.js';
export {
  ParentRunRequiredError, StepSelectionOfAssetJobError, UnknownStepSelectionError, UnselectedDynamicUpstreamError, type UnselectedDynamicUpstream,
} from './run/step-selection-errors.js';
export { BlockingCheckFailedError } from './run/blocking-check-failed-error.js';
export { planAssetMaterialization } from './run/asset-plan.js';
export { MemoryComputeLogs, type ComputeLogCapture } from './run/compute-logs.js';
export { materialize, MATERIALIZE_JOB_NAME, type MaterializeOptions, type MaterializeOutcome } from './materialize.js';
export { executeJob, ExecuteJobUsageError, type ExecuteJobOptions, type ExecuteJobOutcome } from './execute-job.js';
export { StoredValueUnavailableError, type InProcessOutcome, type InProcessRunOptions } from './in-process-run.js';
