import { OrreryError } from '@orrery/contracts';

/** Thrown for a request the api refuses: `field` is the dotted path at fault (`body.partitionRange.start`). */
export class InvalidRequestError extends OrreryError<'VALIDATION_FAILED', { field: string }> {
  constructor(
    readonly field: string,
    problem: string,
    options: { cause?: unknown } = {},
  ) {
    super('VALIDATION_FAILED', { message: `${field}: ${problem}`, details: { field }, cause: options.cause });
  }
}

/** Thrown when no code location of that name has a loaded snapshot. */
export class CodeLocationNotFoundError extends OrreryError<'NOT_FOUND', { location: string }> {
  constructor(readonly location: string) {
    super('NOT_FOUND', { message: `code location ${location} does not exist or has never loaded`, details: { location } });
  }
}

/** Thrown when the job is in no current snapshot (of `location`, when given). */
export class JobNotFoundError extends OrreryError<'JOB_NOT_FOUND', { job: string; location: string | null }> {
  constructor(
    readonly job: string,
    readonly location: string | null,
  ) {
    super('JOB_NOT_FOUND', {
      message: location === null ? `no code location has a job named ${job}` : `code location ${location} has no job named ${job}`,
      details: { job, location },
    });
  }
}

/** Thrown when a run cannot be canceled in its current status (finished, or not launched by Orrery). */
export class RunNotCancelableError extends OrreryError<'CONFLICT', { runId: string; status: string }> {
  constructor(
    readonly runId: string,
    readonly status: string,
  ) {
    super('CONFLICT', { message: `run ${runId} is ${status}: it cannot be canceled`, details: { runId, status } });
  }
}
