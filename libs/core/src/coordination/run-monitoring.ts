import type { RunMonitoringConfig } from '@orrery/contracts';
import type { RunFailureReason, RunStatus } from '../runs/run-status.js';
import { InvalidCoordinationRunError, InvalidMonitoringClockError } from './coordination-errors.js';

/** The parsed `run_monitoring` config, as far as decisions need it (extra fields ignored). */
export type RunMonitoringPolicy = Pick<
  RunMonitoringConfig,
  'enabled' | 'startTimeoutSeconds' | 'cancelTimeoutSeconds' | 'maxResumeRunAttempts' | 'heartbeatTimeoutSeconds'
>;

/** A run the run-launcher watches (any status; only NOT_STARTED, STARTING, STARTED and CANCELING are acted on). */
export interface MonitoredRun {
  readonly runId: string;
  readonly status: RunStatus;
  /** Launch attempt (`runs.attempt`); every action is fenced on it. */
  readonly attempt: number;
  /** When the run entered its current status (the store sets it with every status change). */
  readonly updatedAt: Date;
  /** Time of the latest RUN_START; null before the first. */
  readonly startedAt: Date | null;
  /** Latest heartbeat from the executor of the current attempt; null when none arrived. */
  readonly lastHeartbeatAt: Date | null;
  /** Resumes already made for this run. Default: `attempt − 1` (each resume is a new attempt). */
  readonly resumeAttempts?: number;
}

/** Input of {@link decideRunMonitoring}. */
export interface RunMonitoringInput {
  readonly now: Date;
  readonly runs: readonly MonitoredRun[];
  readonly policy: RunMonitoringPolicy;
}

interface ActionBase {
  readonly runId: string;
  /** The attempt the action applies to: the status change must be conditional on it. */
  readonly attempt: number;
  /** Human-readable, for the event written with the status change. */
  readonly message: string;
}

/** The run stayed too long without starting, or its executor stopped heartbeating: FAILURE. */
export interface FailRunAction extends ActionBase {
  readonly action: 'fail';
  readonly from: 'NOT_STARTED' | 'STARTING' | 'STARTED';
  readonly to: 'FAILURE';
  readonly reason: Extract<RunFailureReason, 'START_TIMEOUT' | 'UNEXPECTED_TERMINATION'>;
}

/** The executor of a STARTED run is gone and resumes remain: launch it again (STARTED → STARTING). */
export interface ResumeRunAction extends ActionBase {
  readonly action: 'resume';
  readonly from: 'STARTED';
  readonly to: 'STARTING';
  /** The attempt the resumed run is launched as: `attempt + 1`. */
  readonly nextAttempt: number;
  /** Which resume this is, from 1 to `maxResumeRunAttempts`. */
  readonly resumeAttempt: number;
}

/** The run stayed CANCELING past the cancel timeout: force CANCELED. */
export interface MarkCanceledAction extends ActionBase {
  readonly action: 'markCanceled';
  readonly from: 'CANCELING';
  readonly to: 'CANCELED';
}

/** One decision of {@link decideRunMonitoring}. */
export type RunMonitoringAction = FailRunAction | ResumeRunAction | MarkCanceledAction;

/** Result of {@link decideRunMonitoring}. */
export interface RunMonitoringDecisions {
  /** At most one action per run, in input order. */
  readonly actions: RunMonitoringAction[];
  /** Earliest time a watched run without an action reaches a timeout, if nothing changes; null when none. */
  readonly nextCheckAt: Date | null;
  /** Runs skipped because their times or attempt are invalid; the others are still decided. */
  readonly errors: InvalidCoordinationRunError[];
}

/** A timeout the run is measured against, from a reference time. */
interface Watch {
  readonly since: Date;
  readonly timeoutSeconds: number;
}

/**
 * One pass of run monitoring (Dagster's `execute_run_monitoring_iteration`):
 * - NOT_STARTED or STARTING for `startTimeoutSeconds` (since `updatedAt`) → fail, START_TIMEOUT;
 * - STARTED with no sign of life (latest of heartbeat and start) for `heartbeatTimeoutSeconds`
 *   → resume while fewer than `maxResumeRunAttempts` resumes were made, else fail,
 *   UNEXPECTED_TERMINATION;
 * - CANCELING for `cancelTimeoutSeconds` → markCanceled.
 * A timeout is reached when the elapsed time equals it (Dagster compares with `>=`).
 * Nothing is decided when `policy.enabled` is false. Throws {@link InvalidMonitoringClockError}
 * for an invalid `now`.
 */
export function decideRunMonitoring(input: RunMonitoringInput): RunMonitoringDecisions {
  const { now, runs, policy } = input;
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new InvalidMonitoringClockError();
  const actions: RunMonitoringAction[] = [];
  const errors: InvalidCoordinationRunError[] = [];
  let nextCheck = Infinity;
  if (!policy.enabled) return { actions, nextCheckAt: null, errors };

  for (const run of runs) {
    const watch = watchOf(run, policy);
    if (!watch) continue;
    const invalid = invalidity(run, watch.since);
    if (invalid) {
      errors.push(new InvalidCoordinationRunError(run.runId, invalid));
      continue;
    }
    const deadline = watch.since.getTime() + watch.timeoutSeconds * 1000;
    if (now.getTime() >= deadline) actions.push(actionFor(run, policy, watch.timeoutSeconds));
    else nextCheck = Math.min(nextCheck, deadline);
  }
  return { actions, nextCheckAt: Number.isFinite(nextCheck) ? new Date(nextCheck) : null, errors };
}

/** What the run is measured against in its status; undefined for statuses nobody watches. */
function watchOf(run: MonitoredRun, policy: RunMonitoringPolicy): Watch | undefined {
  switch (run.status) {
    // NOT_STARTED is watched too (from its creation, which is its last update): Dagster fails
    // runs that were created for direct execution and never started.
    case 'NOT_STARTED':
    case 'STARTING':
      return { since: run.updatedAt, timeoutSeconds: policy.startTimeoutSeconds };
    case 'STARTED':
      return { since: lastSignOfLife(run), timeoutSeconds: policy.heartbeatTimeoutSeconds };
    case 'CANCELING':
      return { since: run.updatedAt, timeoutSeconds: policy.cancelTimeoutSeconds };
    // QUEUED waits for capacity as long as it takes; MANAGED runs belong to another system.
    case 'QUEUED':
    case 'MANAGED':
    case 'SUCCESS':
    case 'FAILURE':
    case 'CANCELED':
      return undefined;
    default: {
      const exhausted: never = run.status;
      throw new Error(`unknown run status ${String(exhausted)}`);
    }
  }
}

/**
 * The latest proof that the executor was alive: its last heartbeat, or the start of the
 * attempt — so a run that dies before its first heartbeat is still caught, and a resumed
 * run is measured from its new start rather than from the dead attempt's last beat.
 */
function lastSignOfLife(run: MonitoredRun): Date {
  const start = run.startedAt ?? run.updatedAt;
  const beat = run.lastHeartbeatAt;
  return beat && beat.getTime() > start.getTime() ? beat : start;
}

function invalidity(run: MonitoredRun, since: Date): string | undefined {
  if (!Number.isInteger(run.attempt) || run.attempt < 0) return `has an invalid attempt ${run.attempt}`;
  if (!(since instanceof Date) || Number.isNaN(since.getTime())) return `has an invalid time for status ${run.status}`;
  const resumes = run.resumeAttempts;
  if (resumes !== undefined && (!Number.isInteger(resumes) || resumes < 0)) return `has an invalid resumeAttempts ${resumes}`;
  return undefined;
}

/** The action for a run past its timeout; `watchOf` guarantees the status is a watched one. */
function actionFor(run: MonitoredRun, policy: RunMonitoringPolicy, timeoutSeconds: number): RunMonitoringAction {
  const { runId, attempt } = run;
  if (run.status === 'CANCELING') {
    return { action: 'markCanceled', runId, attempt, from: 'CANCELING', to: 'CANCELED', message: `still canceling after ${timeoutSeconds}s; marked canceled` };
  }
  if (run.status !== 'STARTED') {
    const from = run.status === 'NOT_STARTED' ? 'NOT_STARTED' : 'STARTING';
    const message = `did not start within ${timeoutSeconds}s`;
    return { action: 'fail', runId, attempt, from, to: 'FAILURE', reason: 'START_TIMEOUT', message };
  }
  const resumesMade = run.resumeAttempts ?? Math.max(0, attempt - 1);
  if (resumesMade < policy.maxResumeRunAttempts) {
    const resumeAttempt = resumesMade + 1;
    const message = `no heartbeat for ${timeoutSeconds}s; resuming (resume ${resumeAttempt} of ${policy.maxResumeRunAttempts})`;
    return { action: 'resume', runId, attempt, from: 'STARTED', to: 'STARTING', nextAttempt: attempt + 1, resumeAttempt, message };
  }
  const exhausted = policy.maxResumeRunAttempts > 0 ? `; ${policy.maxResumeRunAttempts} resume attempts used` : '';
  const message = `no heartbeat for ${timeoutSeconds}s; the executor is presumed dead${exhausted}`;
  return { action: 'fail', runId, attempt, from: 'STARTED', to: 'FAILURE', reason: 'UNEXPECTED_TERMINATION', message };
}
