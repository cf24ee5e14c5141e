import { OrreryError } from '@orrery/contracts';
import type { RunStatusEventType } from './event-type.js';

/**
 * Statuses of a run, Dagster's DagsterRunStatus. The Postgres enum `run_status`
 * (prisma/schema.prisma) must list exactly these, in this order; libs/db tests compare them.
 */
export const RUN_STATUSES = [
  'NOT_STARTED',
  'QUEUED',
  'STARTING',
  'STARTED',
  'SUCCESS',
  'FAILURE',
  'CANCELING',
  'CANCELED',
  'MANAGED',
] as const;

/** One of {@link RUN_STATUSES}. */
export type RunStatus = (typeof RUN_STATUSES)[number];

/** Statuses a run never leaves. */
export const FINISHED_RUN_STATUSES: ReadonlySet<RunStatus> = new Set(['SUCCESS', 'FAILURE', 'CANCELED']);

/** Statuses a run may be created in: NOT_STARTED (executed in process), QUEUED, MANAGED. */
export const INITIAL_RUN_STATUSES: ReadonlySet<RunStatus> = new Set(['NOT_STARTED', 'QUEUED', 'MANAGED']);

/** True when the run reached SUCCESS, FAILURE or CANCELED. */
export function isFinishedRunStatus(status: RunStatus): boolean {
  return FINISHED_RUN_STATUSES.has(status);
}

/** Why a run failed (Dagster's RunFailureReason), stored with the FAILURE status. */
export const RUN_FAILURE_REASONS = [
  'UNEXPECTED_TERMINATION',
  'RUN_EXCEPTION',
  'STEP_FAILURE',
  'JOB_INITIALIZATION_FAILURE',
  'START_TIMEOUT',
  'RUN_WORKER_RESTART',
  'UNKNOWN',
] as const;

/** One of {@link RUN_FAILURE_REASONS}. */
export type RunFailureReason = (typeof RUN_FAILURE_REASONS)[number];

const failureReasonSet: ReadonlySet<unknown> = new Set(RUN_FAILURE_REASONS);

/** True when `value` is one of {@link RUN_FAILURE_REASONS}. */
export function isRunFailureReason(value: unknown): value is RunFailureReason {
  return failureReasonSet.has(value);
}

/** One legal status change, the event that causes it, and who makes it. */
export interface RunTransition {
  readonly from: RunStatus;
  readonly to: RunStatus;
  /** Written in the same transaction as the status change. */
  readonly event: RunStatusEventType;
  readonly why: string;
}

/**
 * THE legal run status changes. Only code that goes through this table changes a run's
 * status (RunStore.transitionStatus checks it). A change not listed here is illegal,
 * including staying in the same status and leaving a finished one.
 */
export const RUN_TRANSITIONS: readonly RunTransition[] = [
  { from: 'NOT_STARTED', to: 'QUEUED', event: 'RUN_ENQUEUED', why: 'submitted to the run queue' },
  { from: 'NOT_STARTED', to: 'STARTING', event: 'RUN_STARTING', why: 'launched directly, bypassing the queue' },
  { from: 'NOT_STARTED', to: 'STARTED', event: 'RUN_START', why: 'executed in process' },
  { from: 'NOT_STARTED', to: 'CANCELED', event: 'RUN_CANCELED', why: 'canceled before submission' },
  { from: 'NOT_STARTED', to: 'FAILURE', event: 'RUN_FAILURE', why: 'submission or launch failed' },

  { from: 'QUEUED', to: 'STARTING', event: 'RUN_STARTING', why: 'dequeued and launched by the run-launcher' },
  { from: 'QUEUED', to: 'CANCELED', event: 'RUN_CANCELED', why: 'a queued run is canceled directly' },
  { from: 'QUEUED', to: 'FAILURE', event: 'RUN_FAILURE', why: 'dequeue found it cannot launch (location gone, bad config)' },

  { from: 'STARTING', to: 'STARTED', event: 'RUN_START', why: 'an executor claimed the attempt' },
  { from: 'STARTING', to: 'CANCELING', event: 'RUN_CANCELING', why: 'cancel requested during launch' },
  { from: 'STARTING', to: 'CANCELED', event: 'RUN_CANCELED', why: 'canceled before any executor claimed it' },
  { from: 'STARTING', to: 'FAILURE', event: 'RUN_FAILURE', why: 'launch failed or start timeout' },

  { from: 'STARTED', to: 'SUCCESS', event: 'RUN_SUCCESS', why: 'every step succeeded or was skipped' },
  { from: 'STARTED', to: 'FAILURE', event: 'RUN_FAILURE', why: 'a step failed, the run errored, or the executor was lost' },
  { from: 'STARTED', to: 'CANCELING', event: 'RUN_CANCELING', why: 'cancel requested while running' },
  { from: 'STARTED', to: 'STARTING', event: 'RUN_STARTING', why: 'resumed on a new attempt after the executor was lost' },

  { from: 'CANCELING', to: 'CANCELED', event: 'RUN_CANCELED', why: 'the executor stopped, or the cancel timeout forced it' },
  { from: 'CANCELING', to: 'SUCCESS', event: 'RUN_SUCCESS', why: 'the run finished before the cancel reached it' },
  { from: 'CANCELING', to: 'FAILURE', event: 'RUN_FAILURE', why: 'the run failed before the cancel reached it' },

  { from: 'MANAGED', to: 'SUCCESS', event: 'RUN_SUCCESS', why: 'reported by the external system managing the run' },
  { from: 'MANAGED', to: 'FAILURE', event: 'RUN_FAILURE', why: 'reported by the external system managing the run' },
  { from: 'MANAGED', to: 'CANCELED', event: 'RUN_CANCELED', why: 'reported by the external system managing the run' },
];

const transitionIndex = new Map(RUN_TRANSITIONS.map((row) => [`${row.from}>${row.to}`, row]));

/** The table row for `from → to`, or undefined when the change is illegal. */
export function findRunTransition(from: RunStatus, to: RunStatus): RunTransition | undefined {
  return transitionIndex.get(`${from}>${to}`);
}

/** Statuses reachable from `from` in one legal change. */
export function nextRunStatuses(from: RunStatus): RunStatus[] {
  return RUN_TRANSITIONS.filter((row) => row.from === from).map((row) => row.to);
}

/** Details of {@link IllegalRunTransitionError}, also sent on the wire. */
export interface IllegalRunTransitionDetails {
  from: RunStatus;
  to: RunStatus;
  runId?: string;
}

/**
 * Thrown when a status change is not in {@link RUN_TRANSITIONS}, or when the event given
 * for it is not the one the table names. Maps to ILLEGAL_RUN_TRANSITION (409).
 */
export class IllegalRunTransitionError extends OrreryError<'ILLEGAL_RUN_TRANSITION', IllegalRunTransitionDetails> {
  readonly from: RunStatus;
  readonly to: RunStatus;

  constructor(from: RunStatus, to: RunStatus, options: { runId?: string; reason?: string } = {}) {
    const subject = options.runId ? `run ${options.runId}` : 'a run';
    const reason = options.reason ?? `legal from ${from}: ${nextRunStatuses(from).join(', ') || 'none (finished)'}`;
    super('ILLEGAL_RUN_TRANSITION', {
      message: `${subject} cannot move from ${from} to ${to} (${reason})`,
      details: options.runId ? { from, to, runId: options.runId } : { from, to },
    });
    this.from = from;
    this.to = to;
  }
}

/**
 * Returns the event that causes `from → to`; throws {@link IllegalRunTransitionError}
 * when the change is illegal or when `event` is given and differs from the table's.
 */
export function assertTransition(
  from: RunStatus,
  to: RunStatus,
  options: { event?: string; runId?: string } = {},
): RunStatusEventType {
  const row = findRunTransition(from, to);
  if (!row) throw new IllegalRunTransitionError(from, to, { runId: options.runId });
  if (options.event !== undefined && options.event !== row.event) {
    throw new IllegalRunTransitionError(from, to, {
      runId: options.runId,
      reason: `${from} → ${to} is caused by ${row.event}, not ${options.event}`,
    });
  }
  return row.event;
}
