/**
 * The one catalog of error codes for everything that crosses HTTP or NATS (STYLE.md 8).
 * A code is part of the wire contract: add codes freely, never rename or remove one.
 * Expected errors are 4xx and carry the reason; anything else is INTERNAL (500).
 */
export const errorCatalog = {
  /** A request body, query, config or CLI input failed its schema. */
  VALIDATION_FAILED: { httpStatus: 400, message: 'The request is invalid.' },
  /** A NATS message (request or reply) did not parse or did not match its schema. */
  BAD_MESSAGE: { httpStatus: 400, message: 'The message does not match its schema.' },
  NOT_FOUND: { httpStatus: 404, message: 'Not found.' },
  RUN_NOT_FOUND: { httpStatus: 404, message: 'The run does not exist.' },
  JOB_NOT_FOUND: { httpStatus: 404, message: 'The job does not exist in the code location.' },
  CONFLICT: { httpStatus: 409, message: 'The request conflicts with the current state.' },
  /** A run status change that the transition table of libs/core refuses. */
  ILLEGAL_RUN_TRANSITION: { httpStatus: 409, message: 'The run cannot move to that status.' },
  /**
   * User code (a schedule, sensor, partition function, op) threw or returned something
   * invalid. 422, not 500: Orrery worked; the user's code failed on this input.
   */
  USER_CODE_ERROR: { httpStatus: 422, message: 'User code raised an error.' },
  /** No executor of the code location answered (none running, or not loaded). */
  CODE_LOCATION_UNAVAILABLE: { httpStatus: 503, message: 'The code location is unavailable.' },
  /** An executor of the code location did not answer in time. */
  CODE_LOCATION_TIMEOUT: { httpStatus: 504, message: 'The code location did not answer in time.' },
  INTERNAL: { httpStatus: 500, message: 'Internal error.' },
} as const satisfies Record<string, { readonly httpStatus: number; readonly message: string }>;

/** A code of {@link errorCatalog}. */
export type ErrorCode = keyof typeof errorCatalog;

/** One entry of the catalog, with its code. */
export interface ErrorCatalogEntry<C extends ErrorCode = ErrorCode> {
  readonly code: C;
  /** HTTP status the api answers with. */
  readonly httpStatus: (typeof errorCatalog)[C]['httpStatus'];
  /** Default human message, used when a thrower gives none. */
  readonly message: string;
}

/** Every code, in catalog order (for `z.enum` and docs). */
export const errorCodes = Object.keys(errorCatalog) as [ErrorCode, ...ErrorCode[]];

/** The catalog entry of `code`. */
export function errorEntry<C extends ErrorCode>(code: C): ErrorCatalogEntry<C> {
  const { httpStatus, message } = errorCatalog[code];
  return { code, httpStatus, message };
}

/** True when `value` is a code of the catalog. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(errorCatalog, value);
}
