export {
  InvalidCoordinationRunError,
  InvalidMonitoringClockError,
  InvalidRunQueueLimitsError,
  type InvalidCoordinationRunDetails,
  type InvalidRunQueueLimitsDetails,
} from './coordination-errors.js';
export { COORDINATION_RUN_TAGS, EXECUTION_RUN_TAGS } from './run-tags.js';
export { runPriority, type PriorityProblem, type RunPriority } from './run-priority.js';
export type { TagLimitBlock } from './tag-limit-counter.js';
export {
  selectRunsToLaunch,
  type InFlightRun,
  type QueueSkipReason,
  type QueuedRunCandidate,
  type RunLaunchSelection,
  type RunQueueLimits,
  type SelectRunsToLaunchInput,
  type SkippedQueuedRun,
} from './run-queue.js';
export {
  decideRunMonitoring,
  type FailRunAction,
  type MarkCanceledAction,
  type MonitoredRun,
  type ResumeRunAction,
  type RunMonitoringAction,
  type RunMonitoringDecisions,
  type RunMonitoringInput,
  type RunMonitoringPolicy,
} from './run-monitoring.js';
export {
  decideRunRetry,
  type RetryCandidateRun,
  type RunRetryDecision,
  type RunRetryInput,
  type RunRetrySkipReason,
  type RunRetryStrategy,
} from './run-retry.js';
export { ReexecutionNotAllowedError, planReexecution, stepOutcomesFromEvents, type PlanReexecutionInput, type ReexecutionJobStep, type ReexecutionRefusal, type ReexecutionRun, type ReexecutionStrategy, type RunStepOutcome } from './reexecution.js';
export { reexecutionStepsOf } from './reexecution-steps.js';
