import { OrreryError } from '@orrery/contracts';

/** A step attempt ran past its time limit; its AbortSignal was aborted. */
export class StepTimeoutError extends OrreryError<'USER_CODE_ERROR', { stepKey: string; timeoutMs: number }> {
  constructor(readonly stepKey: string, readonly timeoutMs: number) {
    super('USER_CODE_ERROR', { message: `step "${stepKey}" timed out after ${timeoutMs} ms`, details: { stepKey, timeoutMs } });
  }
}

/** A running step was stopped because the run was canceled. */
export class StepCanceledError extends OrreryError<'CONFLICT', { stepKey: string }> {
  constructor(readonly stepKey: string) {
    super('CONFLICT', { message: `step "${stepKey}" was canceled with its run`, details: { stepKey } });
  }
}
