import { OrreryError } from '@orrery/contracts';

/** A blocking asset check failed with severity ERROR: the step fails so downstream assets do not run. */
export class BlockingCheckFailedError extends OrreryError<'USER_CODE_ERROR', { checkKey: string }> {
  constructor(readonly checkKey: string) {
    super('USER_CODE_ERROR', { message: `blocking asset check ${checkKey} failed`, details: { checkKey } });
  }
}
