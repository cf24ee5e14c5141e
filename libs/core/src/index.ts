export {
  RUN_STATUSES,
  FINISHED_RUN_STATUSES,
  INITIAL_RUN_STATUSES,
  RUN_FAILURE_REASONS,
  isRunFailureReason,
  RUN_TRANSITIONS,
  IllegalRunTransitionError,
  assertTransition,
  findRunTransition,
  isFinishedRunStatus,
  nextRunStatuses,
} from './runs/run-status.js';
export type {
  RunStatus,
  RunFailureReason,
  RunTransition,
  IllegalRunTransitionDetails,
} from './runs/run-status.js';
export { EVENT_TYPES, EVENT_LEVELS, RUN_STATUS_EVENT_TYPES, isEventType } from './runs/event-type.js';
export type { EventType, EventLevel, RunStatusEventType } from './runs/event-type.js';
export { InvalidEventIdError, formatEventId, parseEventId } from './runs/records.js';
export type {
  EventId,
  EventRecord,
  JsonObject,
  JsonValue,
  NewEvent,
  NewRun,
  RunBody,
  RunEventDetails,
  RunRecord,
  RunTags,
} from './runs/records.js';
export { InvalidNewRunError, assertRunCreation } from './runs/new-run.js';
export { RunNotFoundError } from './runs/run-not-found-error.js';
export type {
  NewRunEvent,
  RunFilter,
  RunPage,
  RunPageRequest,
  RunStore,
  TransitionResult,
  TransitionStatusInput,
} from './ports/run-store.js';
export type { EventFilter, EventLogStore, EventWindow, RunEventsQuery } from './ports/event-log-store.js';
export * from './plan/index.js';
export * from './graph/index.js';
export * from './selection/index.js';
export * from './schedules/index.js';
export * from './retries/index.js';
export * from './partitions/index.js';
export * from './coordination/index.js';
