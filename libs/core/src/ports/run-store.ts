import type { EventId, NewEvent, NewRun, RunEventDetails, RunRecord, RunTags } from '../runs/records.js';
import type { RunFailureReason, RunStatus } from '../runs/run-status.js';

/** Which runs {@link RunStore.listRuns} returns. Every given field must match. */
export interface RunFilter {
  runIds?: readonly string[];
  /** Any of these statuses. */
  statuses?: readonly RunStatus[];
  jobName?: string;
  /** Every one of these tags (key and value) must be on the run. */
  tags?: RunTags;
  /** Created strictly before this time. */
  createdBefore?: Date;
  /** Created strictly after this time. */
  createdAfter?: Date;
  backfillId?: string;
}

/** A page request: newest runs first. */
export interface RunPageRequest {
  /** Maximum runs to return, 1–1000. */
  limit: number;
  /** `nextCursor` of the previous page; absent for the first page. */
  cursor?: string | null;
}

/** A page of runs, newest first. */
export interface RunPage {
  runs: RunRecord[];
  /** Pass as `cursor` for the next page; null when this is the last page. */
  nextCursor: string | null;
}

/** A status change (see RUN_TRANSITIONS in libs/core). */
export interface TransitionStatusInput {
  runId: string;
  /** The status(es) the run must be in now; the change applies only then. */
  from: RunStatus | readonly RunStatus[];
  to: RunStatus;
  /** Details of the causing event; its type is the one the table names for `to`. */
  event?: RunEventDetails;
  /** Fencing: apply only if the run's current attempt equals this. */
  attempt?: number;
  /** Start a new attempt (attempt + 1), for a launch or relaunch. Default false. */
  incrementAttempt?: boolean;
  /** Only with `to: 'FAILURE'`. Default UNKNOWN for failures. */
  failureReason?: RunFailureReason;
}

/** Outcome of {@link RunStore.transitionStatus}. */
export interface TransitionResult {
  /** False when the run was not in `from` (or not at `attempt`), or does not exist. */
  applied: boolean;
  /** The run after the call (changed or not); null when it does not exist. */
  run: RunRecord | null;
  /** Storage id of the event written with the change; null when not applied. */
  eventId: EventId | null;
}

/** The first event of a new run; its run id is the new run's. */
export type NewRunEvent = Omit<NewEvent, 'runId'>;

/**
 * Storage of runs and their tags (Dagster's RunStorage). Every status change goes through
 * `transitionStatus`, which writes the causing event in the same transaction.
 */
export interface RunStore {
  /**
   * Creates a run, its tags and its first event in one transaction (see
   * assertRunCreation: a QUEUED run comes with RUN_ENQUEUED). Throws InvalidNewRunError;
   * a duplicate run id is a database error.
   */
  createRun(run: NewRun, event?: NewRunEvent): Promise<RunRecord>;
  /** The run, or null. */
  getRun(runId: string): Promise<RunRecord | null>;
  /** Runs matching `filter`, newest first. Throws RunNotFoundError for an unknown cursor. */
  listRuns(filter: RunFilter, page: RunPageRequest): Promise<RunPage>;
  /**
   * Conditionally changes the status: applies only when the run is in `from` (and at
   * `attempt`, if given), atomically with its event. Throws IllegalRunTransitionError when
   * some `from → to` is not in the table, before touching the database.
   */
  transitionStatus(input: TransitionStatusInput): Promise<TransitionResult>;
}
