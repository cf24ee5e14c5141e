import { OrreryError, type ErrorCode, type ReplyError, type ValidationIssue } from '@orrery/contracts';

/** A request got no reply within its timeout (the responder is slow or the reply was lost). */
export class BusTimeoutError extends OrreryError<'CODE_LOCATION_TIMEOUT'> {
  constructor(
    readonly subject: string,
    readonly timeoutMs: number,
    options: { cause?: unknown } = {},
  ) {
    super('CODE_LOCATION_TIMEOUT', { message: `no reply on ${subject} within ${timeoutMs} ms`, cause: options.cause, details: { subject, timeoutMs } });
  }
}

/** Nobody subscribes to the request's subject (the server answered "no responders"). */
export class NoRespondersError extends OrreryError<'CODE_LOCATION_UNAVAILABLE'> {
  constructor(
    readonly subject: string,
    options: { cause?: unknown } = {},
  ) {
    super('CODE_LOCATION_UNAVAILABLE', { message: `no responders on ${subject}`, cause: options.cause, details: { subject } });
  }
}

/** A reply was not JSON or did not match the entry's reply schema. */
export class BadReplyError extends OrreryError<'INTERNAL'> {
  constructor(
    readonly subject: string,
    readonly issues: readonly ValidationIssue[],
    options: { cause?: unknown } = {},
  ) {
    super('INTERNAL', { message: `bad reply on ${subject}: ${describeIssues(issues, options.cause)}`, cause: options.cause, details: { subject, issues } });
  }
}

/**
 * A payload given to publish/request/publishLaunch does not match its schema. The types
 * make this rare (a value that passes the type but not a refinement); it is a bug, so 500.
 */
export class InvalidPayloadError extends OrreryError<'INTERNAL'> {
  constructor(
    readonly subject: string,
    readonly issues: readonly ValidationIssue[],
  ) {
    super('INTERNAL', { message: `payload for ${subject} does not match its schema: ${describeIssues(issues)}`, details: { subject, issues } });
  }
}

/** A JetStream publish was not acknowledged (no stream, JetStream down, timeout). */
export class BusPublishError extends OrreryError<'INTERNAL'> {
  constructor(
    readonly subject: string,
    options: { cause?: unknown } = {},
  ) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super('INTERNAL', { message: `publish to ${subject} was not acknowledged: ${reason}`, cause: options.cause, details: { subject } });
  }
}

/**
 * The responder answered `{ ok: false, error }`; thrown by {@link unwrapReply}. `code` is
 * the responder's code, `remote` the whole error (stack and cause chain included).
 */
export class RemoteError extends OrreryError<ErrorCode> {
  constructor(
    readonly subject: string,
    readonly remote: ReplyError,
  ) {
    super(remote.code, { message: remote.message, details: remote.details });
  }
}

/** The result of an ok reply, or a {@link RemoteError} thrown for an error reply. */
export function unwrapReply<T>(subject: string, reply: { ok: true; result: T } | { ok: false; error: ReplyError }): T {
  if (reply.ok) return reply.result;
  throw new RemoteError(subject, reply.error);
}

/** `path: message; path: message` for log lines and error messages. */
export function describeIssues(issues: readonly ValidationIssue[], cause?: unknown): string {
  if (issues.length === 0) return cause instanceof Error ? cause.message : 'invalid';
  return issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`).join('; ');
}
