import { OrreryError, type EventEntry, type PayloadInput, type PayloadOf } from '@orrery/contracts';
import { fullSubject, hasWildcard, spanInfo, toAddress, type BusContext, type Target } from './bus-context.js';
import { decode, encode, refusalFields } from './codec.js';
import { headersToRecord, recordError, startSendSpan, withProcessSpan } from './trace-context.js';

/** Options of a publish. */
export interface PublishOptions {
  /** Extra headers; trace context headers are added by the bus. */
  headers?: Readonly<Record<string, string>>;
}

/** What a handler learns about a received message besides its payload. */
export interface MessageMeta {
  /** The full subject it arrived on (with prefix). */
  readonly subject: string;
  /** Its headers, last value per key (trace context included). */
  readonly headers: Readonly<Record<string, string>>;
}

/** Handles one valid message. A throw is logged; the subscription goes on. */
export type MessageHandler<E extends EventEntry> = (payload: PayloadOf<E>, meta: MessageMeta) => void | Promise<void>;

/** Options of a subscription. */
export interface SubscribeOptions {
  /** Queue group: each message goes to one member of the group. Default: none (fan-out). */
  queue?: string;
}

/** A running subscription. */
export interface BusSubscription {
  /** The full subject subscribed to. */
  readonly subject: string;
  /** Stops at once; messages not yet handled are dropped. */
  unsubscribe(): void;
  /** Stops intake, handles what has arrived, then resolves. */
  drain(): Promise<void>;
  /** Resolves when the subscription has ended and its last handler returned. */
  readonly closed: Promise<void>;
}

/** Validates and publishes a core message (fire and forget: it may be lost, see docs/messaging.md). */
export function publish<E extends EventEntry>(ctx: BusContext, target: Target<E>, payload: PayloadInput<E>, options: PublishOptions = {}): void {
  const address = toAddress(target);
  const subject = fullSubject(ctx, address);
  if (hasWildcard(subject)) throw new OrreryError('INTERNAL', { message: `cannot publish to the wildcard subject ${subject}` });
  const { json } = encode(address.entry.schema, subject, payload);
  const { span, headers } = startSendSpan('publish', spanInfo(ctx, address, subject), options.headers);
  try {
    ctx.nc.publish(subject, json, { headers });
  } catch (error) {
    recordError(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/**
 * Subscribes with validation: a message that is not JSON or fails the schema is logged
 * (subject and zod issues) and dropped; a handler that throws is logged. Neither ever ends
 * the subscription. Messages are handled one at a time, in arrival order.
 */
export function subscribe<E extends EventEntry>(
  ctx: BusContext,
  target: Target<E>,
  handler: MessageHandler<E>,
  options: SubscribeOptions = {},
): BusSubscription {
  const address = toAddress(target);
  const subject = fullSubject(ctx, address);
  const { logger } = ctx.options;
  const sub = ctx.nc.subscribe(subject, options.queue === undefined ? {} : { queue: options.queue });

  const loop = (async () => {
    for await (const msg of sub) {
      const decoded = decode<PayloadOf<E>>(address.entry.schema, msg.data);
      if (!decoded.ok) {
        logger.warn({ subject: msg.subject, pattern: address.entry.pattern, ...refusalFields(decoded) }, 'dropped a message that does not match its schema');
        continue;
      }
      const meta: MessageMeta = { subject: msg.subject, headers: headersToRecord(msg.headers) };
      const info = spanInfo(ctx, address, msg.subject, options.queue === undefined ? undefined : { 'messaging.consumer.group.name': options.queue });
      try {
        await withProcessSpan('process', info, msg.headers, () => handler(decoded.value, meta));
      } catch (error) {
        logger.error({ err: error, subject: msg.subject, pattern: address.entry.pattern }, 'message handler failed');
      }
    }
  })();
  // The loop catches everything a message can cause; only a connection-level iterator
  // error could reach here, and the subscription is over then anyway.
  const closed = loop.catch((error: unknown) => {
    logger.error({ err: error, subject }, 'subscription ended with an error');
  });

  return {
    subject,
    unsubscribe: () => sub.unsubscribe(),
    drain: async () => {
      // A drain needs the server; during an outage stop at once instead.
      if (!sub.isClosed()) await sub.drain().catch(() => sub.unsubscribe());
      await closed;
    },
    closed,
  };
}
