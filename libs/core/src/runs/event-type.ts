/**
 * Every event type of the event log, Dagster's DagsterEventType with RUN_* names, plus
 * LOG_MESSAGE for user log lines. The Postgres enum `event_type` (prisma/schema.prisma)
 * must list exactly these, in this order; libs/db tests compare them.
 */
export const EVENT_TYPES = [
  // Run lifecycle: each RUN_* status event is the cause of one row of RUN_TRANSITIONS.
  'RUN_ENQUEUED',
  'RUN_DEQUEUED',
  'RUN_STARTING',
  'RUN_START',
  'RUN_SUCCESS',
  'RUN_FAILURE',
  'RUN_CANCELING',
  'RUN_CANCELED',
  // Steps.
  'STEP_START',
  'STEP_SUCCESS',
  'STEP_FAILURE',
  'STEP_SKIPPED',
  'STEP_UP_FOR_RETRY',
  'STEP_RESTARTED',
  'STEP_WORKER_STARTING',
  'STEP_WORKER_STARTED',
  // Assets and asset checks.
  'ASSET_MATERIALIZATION',
  'ASSET_MATERIALIZATION_PLANNED',
  'ASSET_OBSERVATION',
  'ASSET_FAILED_TO_MATERIALIZE',
  'ASSET_CHECK_EVALUATION',
  'ASSET_CHECK_EVALUATION_PLANNED',
  // Resources, IO and logs.
  'RESOURCE_INIT_STARTED',
  'RESOURCE_INIT_SUCCESS',
  'RESOURCE_INIT_FAILURE',
  'LOADED_INPUT',
  'HANDLED_OUTPUT',
  'LOGS_CAPTURED',
  'ENGINE_EVENT',
  'LOG_MESSAGE',
] as const;

/** One of {@link EVENT_TYPES}. */
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * Event types that change a run's status (Dagster's run status events). RUN_DEQUEUED is a
 * lifecycle marker only: the status change on dequeue is caused by RUN_STARTING.
 */
export const RUN_STATUS_EVENT_TYPES = [
  'RUN_ENQUEUED',
  'RUN_STARTING',
  'RUN_START',
  'RUN_SUCCESS',
  'RUN_FAILURE',
  'RUN_CANCELING',
  'RUN_CANCELED',
] as const satisfies readonly EventType[];

/** One of {@link RUN_STATUS_EVENT_TYPES}. */
export type RunStatusEventType = (typeof RUN_STATUS_EVENT_TYPES)[number];

const eventTypeSet: ReadonlySet<string> = new Set(EVENT_TYPES);

/** True when `value` is one of {@link EVENT_TYPES}. */
export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && eventTypeSet.has(value);
}

/** Severity of an event, Dagster's log levels. */
export const EVENT_LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'] as const;

/** One of {@link EVENT_LEVELS}. */
export type EventLevel = (typeof EVENT_LEVELS)[number];
