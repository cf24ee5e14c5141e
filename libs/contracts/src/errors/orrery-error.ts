import { errorCatalog, type ErrorCode } from './error-codes.js';
import type { ErrorInfo, ReplyError, WireError } from './wire-error.js';

/** Options of {@link OrreryError}. */
export interface OrreryErrorOptions<D = unknown> {
  /** Defaults to the catalog's message for the code. */
  message?: string;
  cause?: unknown;
  /** Code-specific data sent on the wire as `details`; keep it JSON and free of secrets. */
  details?: D;
}

/**
 * Base of every named Orrery error that maps to a catalog code. Subclass it for typed
 * fields (`class RunNotFoundError extends OrreryError<'RUN_NOT_FOUND'>`); the api maps
 * `code` to the HTTP status, the bus puts it in `{ ok: false, error }` replies.
 */
export class OrreryError<C extends ErrorCode = ErrorCode, D = unknown> extends Error {
  readonly code: C;
  readonly details: D | undefined;

  constructor(code: C, options: OrreryErrorOptions<D> = {}) {
    super(options.message ?? errorCatalog[code].message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details;
  }

  /** HTTP status of this error's code. */
  get httpStatus(): number {
    return errorCatalog[this.code].httpStatus;
  }

  /** The `{ code, message, details? }` body for HTTP. */
  toWire(): WireError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/** True for any {@link OrreryError} (subclasses included). */
export function isOrreryError(error: unknown): error is OrreryError {
  return error instanceof OrreryError;
}

/**
 * The wire body of any thrown value: an OrreryError keeps its code and message; anything
 * else becomes INTERNAL with the catalog message, so internal messages never leak.
 */
export function toWireError(error: unknown): WireError {
  if (isOrreryError(error)) return error.toWire();
  return { code: 'INTERNAL', message: errorCatalog.INTERNAL.message };
}

const maxCauseDepth = 5;

/** An error as data, with its cause chain (at most 5 deep). Non-errors become a message. */
export function toErrorInfo(error: unknown, depth = 0): ErrorInfo {
  if (!(error instanceof Error)) return { message: stringify(error) };
  const info: ErrorInfo = { name: error.name, message: error.message };
  if (error.stack !== undefined) info.stack = error.stack;
  if (error.cause !== undefined && depth < maxCauseDepth) info.cause = toErrorInfo(error.cause, depth + 1);
  return info;
}

/**
 * The `{ ok: false, error }` body of a NATS reply. Unlike {@link toWireError} it keeps an
 * unexpected error's message and stack: replies stay inside the cluster.
 */
export function toReplyError(error: unknown): ReplyError {
  const info = toErrorInfo(error);
  const base: ReplyError = isOrreryError(error)
    ? error.toWire()
    : { code: 'INTERNAL', message: info.message };
  if (info.stack !== undefined) base.stack = info.stack;
  if (info.cause !== undefined) base.cause = info.cause;
  return base;
}

function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
