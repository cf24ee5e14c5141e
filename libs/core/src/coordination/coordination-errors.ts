import { OrreryError } from '@orrery/contracts';

/** Details of {@link InvalidRunQueueLimitsError}, also sent on the wire. */
export interface InvalidRunQueueLimitsDetails {
  /** Path of the offending field, e.g. `tagConcurrencyLimits.1.limit`. */
  path: string;
}

/**
 * Thrown by `selectRunsToLaunch` when the limits are not a valid `run_coordinator` config:
 * `maxConcurrentRuns` below -1 or not an integer, or a tag limit that is negative, not an
 * integer, or has an empty key. Parsed `orrery.yaml` never triggers it; hand-built limits may.
 */
export class InvalidRunQueueLimitsError extends OrreryError<'VALIDATION_FAILED', InvalidRunQueueLimitsDetails> {
  readonly path: string;

  constructor(path: string, problem: string) {
    super('VALIDATION_FAILED', { message: `invalid run queue limits: ${path} ${problem}`, details: { path } });
    this.path = path;
  }
}

/** Details of {@link InvalidCoordinationRunError}, also sent on the wire. */
export interface InvalidCoordinationRunDetails {
  runId: string;
}

/**
 * Thrown when a run handed to the coordinator, monitoring or retry decisions cannot be
 * reasoned about: an invalid date, a negative attempt, or the same run queued twice.
 * Such input is a bug in the caller (a store returned garbage), never a user error.
 */
export class InvalidCoordinationRunError extends OrreryError<'VALIDATION_FAILED', InvalidCoordinationRunDetails> {
  readonly runId: string;

  constructor(runId: string, problem: string) {
    super('VALIDATION_FAILED', { message: `run ${runId}: ${problem}`, details: { runId } });
    this.runId = runId;
  }
}

/** Thrown by `decideRunMonitoring` when `now` is not a valid date. */
export class InvalidMonitoringClockError extends OrreryError<'VALIDATION_FAILED', Record<string, never>> {
  constructor() {
    super('VALIDATION_FAILED', { message: 'run monitoring needs a valid `now`', details: {} });
  }
}
