/** Options of {@link RetryRequested}. */
export interface RetryRequestedOptions {
  /** Retries allowed for this step, counting earlier ones; replaces the policy's. Default: 1 (as Dagster). */
  maxRetries?: number;
  /** Milliseconds to wait before the next attempt (Dagster's `seconds_to_wait`, in ms). Default: 0. */
  delay?: number;
  /** The error that made the step ask for a retry. */
  cause?: unknown;
  /** Default: "retry requested". */
  message?: string;
}

// A registered symbol, not only `instanceof`: user code and the engine may load two copies of
// this module (different bundles), and a request must still be recognised as one.
const brand = Symbol.for('orrery.RetryRequested');

/**
 * Thrown by a step (op or asset) to ask for another attempt, Dagster's `RetryRequested`. It
 * takes precedence over the step's retry policy: its own `maxRetries` and `delay` apply.
 * @throws RangeError from the constructor when maxRetries or delay is invalid
 */
export class RetryRequested extends Error {
  readonly maxRetries: number;
  readonly delay: number;
  readonly [brand] = true;

  constructor(options: RetryRequestedOptions = {}) {
    super(options.message ?? 'retry requested', options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RetryRequested';
    const maxRetries = options.maxRetries ?? 1;
    const delay = options.delay ?? 0;
    if (!Number.isInteger(maxRetries) || maxRetries < 0) {
      throw new RangeError(`RetryRequested maxRetries must be a non-negative integer, got ${maxRetries}`);
    }
    if (!Number.isFinite(delay) || delay < 0) throw new RangeError(`RetryRequested delay must be milliseconds >= 0, got ${delay}`);
    this.maxRetries = maxRetries;
    this.delay = delay;
  }
}

/** True for a {@link RetryRequested}, including one thrown by another copy of this module. */
export function isRetryRequested(error: unknown): error is RetryRequested {
  return error instanceof RetryRequested || (typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[brand] === true);
}
