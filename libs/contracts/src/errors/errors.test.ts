import { describe, expect, it } from 'vitest';
import { errorCatalog, errorCodes, errorEntry, isErrorCode } from './error-codes.js';
import { OrreryError, toErrorInfo, toReplyError, toWireError } from './orrery-error.js';
import { replyErrorSchema, wireErrorSchema } from './wire-error.js';

class RunNotFoundError extends OrreryError<'RUN_NOT_FOUND', { runId: string }> {
  constructor(readonly runId: string) {
    super('RUN_NOT_FOUND', { message: `run ${runId} does not exist`, details: { runId } });
  }
}

describe('error catalog', () => {
  it('gives each code an HTTP status and a message', () => {
    expect(errorCodes).toContain('ILLEGAL_RUN_TRANSITION');
    for (const code of errorCodes) {
      const entry = errorEntry(code);
      expect(entry.code).toBe(code);
      expect(entry.httpStatus).toBeGreaterThanOrEqual(400);
      expect(entry.message.length).toBeGreaterThan(0);
    }
    expect(errorCatalog.CODE_LOCATION_TIMEOUT.httpStatus).toBe(504);
    expect(isErrorCode('RUN_NOT_FOUND')).toBe(true);
    expect(isErrorCode('toString')).toBe(false);
  });
});

describe('OrreryError', () => {
  it('carries code, status, cause and typed details, and subclasses keep their name', () => {
    const cause = new Error('db said no');
    const error = new OrreryError('CONFLICT', { cause });
    expect(error.message).toBe(errorCatalog.CONFLICT.message);
    expect(error.httpStatus).toBe(409);
    expect(error.cause).toBe(cause);
    expect(error.name).toBe('OrreryError');

    const notFound = new RunNotFoundError('r1');
    expect(notFound).toBeInstanceOf(OrreryError);
    expect(notFound.name).toBe('RunNotFoundError');
    expect(notFound.details?.runId).toBe('r1');
    expect(wireErrorSchema.parse(notFound.toWire())).toEqual({
      code: 'RUN_NOT_FOUND', message: 'run r1 does not exist', details: { runId: 'r1' },
    });
  });

  it('hides unexpected errors on the HTTP wire but keeps them in NATS replies', () => {
    const unexpected = new TypeError('secret internals', { cause: new Error('root') });
    expect(toWireError(unexpected)).toEqual({ code: 'INTERNAL', message: errorCatalog.INTERNAL.message });
    const reply = replyErrorSchema.parse(toReplyError(unexpected));
    expect(reply.code).toBe('INTERNAL');
    expect(reply.message).toBe('secret internals');
    expect(reply.stack).toContain('TypeError');
    expect(reply.cause?.message).toBe('root');
    expect(toReplyError(new OrreryError('USER_CODE_ERROR', { message: 'sensor threw' })).code).toBe('USER_CODE_ERROR');
  });

  it('turns causes into data, bounded in depth', () => {
    let error: Error = new Error('e0');
    for (let i = 1; i <= 10; i++) error = new Error(`e${i}`, { cause: error });
    let depth = 0;
    for (let info = toErrorInfo(error).cause; info; info = info.cause) depth++;
    expect(depth).toBe(5);
    expect(toErrorInfo('plain')).toEqual({ message: 'plain' });
  });
});
