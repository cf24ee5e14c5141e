import { errors as natsErrors, type Msg } from '@nats-io/transport-node';
import {
  OrreryError, toReplyError,
  type PayloadInput, type PayloadOf, type ReplyError, type ReplyOf, type RequestEntry, type ResultInput,
} from '@orrery/contracts';
import { fullSubject, hasWildcard, spanInfo, toAddress, type BusContext, type Target } from './bus-context.js';
import { decode, encode, refusalFields } from './codec.js';
import { BadReplyError, BusTimeoutError, describeIssues, NoRespondersError } from './errors.js';
import type { MessageMeta } from './pub-sub.js';
import { headersToRecord, recordError, startSendSpan, withProcessSpan } from './trace-context.js';

/** Options of a request. */
export interface RequestOptions {
  /** Default: the bus's `requestTimeoutMs`. */
  timeoutMs?: number;
  headers?: Readonly<Record<string, string>>;
}

/** Answers one valid request; a throw becomes an `{ ok: false, error }` reply. */
export type RequestHandler<E extends RequestEntry> = (payload: PayloadOf<E>, meta: MessageMeta) => ResultInput<E> | Promise<ResultInput<E>>;

/** Options of a responder. */
export interface RespondOptions {
  /**
   * Queue group shared by the replicas that answer together (one answers each request).
   * Default: the full subject, so every replica of a location shares one group per verb.
   */
  queue?: string;
}

/** A running responder. */
export interface BusResponder {
  readonly subject: string;
  readonly queue: string;
  /** Stops intake and resolves when every request taken has been answered. */
  drain(): Promise<void>;
  readonly closed: Promise<void>;
}

/**
 * Sends a request and returns the validated reply `{ ok: true, result } | { ok: false, error }`.
 * Throws {@link BusTimeoutError}, {@link NoRespondersError} or {@link BadReplyError}.
 */
export async function request<E extends RequestEntry>(
  ctx: BusContext,
  target: Target<E>,
  payload: PayloadInput<E>,
  options: RequestOptions = {},
): Promise<ReplyOf<E>> {
  const address = toAddress(target);
  const subject = fullSubject(ctx, address);
  if (hasWildcard(subject)) throw new OrreryError('INTERNAL', { message: `cannot send a request to the wildcard subject ${subject}` });
  const timeoutMs = options.timeoutMs ?? ctx.options.requestTimeoutMs;
  const { json } = encode(address.entry.schema, subject, payload);
  const { span, headers } = startSendSpan('request', spanInfo(ctx, address, subject), options.headers);
  try {
    let msg: Msg;
    try {
      msg = await ctx.nc.request(subject, json, { timeout: timeoutMs, headers });
    } catch (error) {
      throw translateRequestError(error, subject, timeoutMs);
    }
    const decoded = decode<ReplyOf<E>>(address.entry.reply, msg.data);
    if (!decoded.ok) {
      throw decoded.reason === 'json'
        ? new BadReplyError(subject, [], { cause: decoded.error })
        : new BadReplyError(subject, decoded.issues);
    }
    const reply = decoded.value as { ok: boolean; error?: ReplyError };
    if (!reply.ok && reply.error) span.setAttribute('orrery.error.code', reply.error.code);
    return decoded.value;
  } catch (error) {
    recordError(span, error);
    throw error;
  } finally {
    span.end();
  }
}

function translateRequestError(error: unknown, subject: string, timeoutMs: number): unknown {
  if (error instanceof natsErrors.TimeoutError) return new BusTimeoutError(subject, timeoutMs, { cause: error });
  if (error instanceof natsErrors.NoRespondersError) return new NoRespondersError(subject, { cause: error });
  if (error instanceof natsErrors.RequestError && error.isNoResponders()) return new NoRespondersError(subject, { cause: error });
  return error;
}

/**
 * Answers requests of an entry in a queue group. A request that fails its schema gets
 * BAD_MESSAGE; a handler that throws (or returns a result that fails the result schema)
 * gets its error as `{ ok: false, error }` — a requester never waits on a silent failure.
 * Requests are handled concurrently.
 */
export function respond<E extends RequestEntry>(
  ctx: BusContext,
  target: Target<E>,
  handler: RequestHandler<E>,
  options: RespondOptions = {},
): BusResponder {
  const address = toAddress(target);
  const subject = fullSubject(ctx, address);
  const queue = options.queue ?? subject;
  const { logger } = ctx.options;
  const sub = ctx.nc.subscribe(subject, { queue });
  const inFlight = new Set<Promise<void>>();

  const answer = async (msg: Msg): Promise<void> => {
    if (!msg.reply) {
      logger.warn({ subject: msg.subject, pattern: address.entry.pattern }, 'dropped a request without a reply subject');
      return;
    }
    const decoded = decode<PayloadOf<E>>(address.entry.schema, msg.data);
    if (!decoded.ok) {
      logger.warn({ subject: msg.subject, pattern: address.entry.pattern, ...refusalFields(decoded) }, 'refused a request that does not match its schema');
      const issues = decoded.reason === 'schema' ? decoded.issues : [];
      reply(msg, {
        ok: false,
        error: { code: 'BAD_MESSAGE', message: `request does not match ${address.entry.pattern}: ${describeIssues(issues, decoded.reason === 'json' ? decoded.error : undefined)}`, details: { issues } },
      });
      return;
    }
    const meta: MessageMeta = { subject: msg.subject, headers: headersToRecord(msg.headers) };
    const info = spanInfo(ctx, address, msg.subject, { 'messaging.consumer.group.name': queue });
    let body: unknown;
    try {
      body = await withProcessSpan('respond', info, msg.headers, async (span) => {
        try {
          const result = address.entry.result.safeParse(await handler(decoded.value, meta));
          if (!result.success) {
            throw new OrreryError('INTERNAL', { message: `handler returned an invalid result for ${address.entry.pattern}: ${describeIssues(result.error.issues)}` });
          }
          return { ok: true, result: result.data };
        } catch (error) {
          const replyError = toReplyError(error);
          recordError(span, error);
          span.setAttribute('orrery.error.code', replyError.code);
          logger.warn({ err: error, subject: msg.subject, code: replyError.code }, 'request handler failed; replying with the error');
          return { ok: false, error: replyError };
        }
      });
    } catch (error) {
      body = { ok: false, error: toReplyError(error) };
    }
    reply(msg, body);
  };

  const reply = (msg: Msg, body: unknown) => {
    try {
      msg.respond(JSON.stringify(body));
    } catch (error) {
      logger.error({ err: error, subject: msg.subject }, 'could not send a reply');
    }
  };

  const loop = (async () => {
    for await (const msg of sub) {
      const task = answer(msg).catch((error: unknown) => logger.error({ err: error, subject: msg.subject }, 'request handling failed'));
      inFlight.add(task);
      void task.finally(() => inFlight.delete(task));
    }
  })();
  const closed = loop
    .catch((error: unknown) => logger.error({ err: error, subject }, 'responder ended with an error'))
    .then(async () => {
      await Promise.all(inFlight);
    });

  return {
    subject,
    queue,
    drain: async () => {
      if (!sub.isClosed()) await sub.drain().catch(() => sub.unsubscribe());
      await closed;
    },
    closed,
  };
}
