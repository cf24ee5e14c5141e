import { OrreryError } from '@orrery/contracts';

/** Thrown when an operation names a run that does not exist (e.g. a stale page cursor). */
export class RunNotFoundError extends OrreryError<'RUN_NOT_FOUND', { runId: string }> {
  constructor(readonly runId: string) {
    super('RUN_NOT_FOUND', { message: `run ${runId} does not exist`, details: { runId } });
  }
}
