import { OrreryError, toErrorInfo } from '@orrery/contracts';

/**
 * Wraps what user code threw as USER_CODE_ERROR, keeping its message and stack as the
 * cause, so the requester gets a typed error reply naming what failed.
 */
export function userCodeError(what: string, error: unknown): OrreryError {
  if (error instanceof OrreryError) return error;
  const info = toErrorInfo(error);
  return new OrreryError('USER_CODE_ERROR', { message: `${what} raised: ${info.message}`, cause: error });
}
