import type { ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import { catalog, launchConsumerName, launchMessageId, subjects } from '@orrery/contracts';
import { spanInfo, type BusContext } from './bus-context.js';
import { decode, refusalFields } from './codec.js';
import type { JetStreamApi } from './jetstream-api.js';
import { ensureLaunchConsumer, ensureLaunchStream, launchStreamName, type LaunchPayload } from './launch-streams.js';
import type { MessageMeta } from './pub-sub.js';
import { headersToRecord, withProcessSpan } from './trace-context.js';

/** What a launch handler learns besides the payload. */
export interface LaunchMeta extends MessageMeta {
  /** 1 on the first delivery; the message is terminated after `launch.maxDeliver` failures. */
  readonly deliveryCount: number;
  readonly streamSequence: number;
}

/**
 * Handles one launch. Returning acks it (it leaves the queue); throwing naks it with a
 * growing delay, so another delivery (maybe to another executor) retries it. Must be
 * idempotent: a launch can arrive twice (principle 1), and the attempt claim fences it.
 */
export type LaunchHandler = (payload: LaunchPayload, meta: LaunchMeta) => void | Promise<void>;

/** Options of {@link consumeLaunches}. */
export interface ConsumeLaunchesOptions {
  /** Launches handled at once by this consumer. Default 1. */
  concurrency?: number;
}

/** A running launch consumer. */
export interface LaunchConsumer {
  readonly location: string;
  /** The durable consumer's name. */
  readonly consumer: string;
  /** Stops taking launches and resolves when those in hand are acked or naked. */
  stop(): Promise<void>;
  /** Resolves when the consumer has stopped. */
  readonly closed: Promise<void>;
}

const maxRestartDelayMs = 30_000;

/**
 * Consumes the launches of one location until stopped: ensures the stream and durable
 * consumer, validates each payload (a bad one is logged and terminated, never redelivered),
 * calls the handler, acks or naks. Survives NATS restarts: the client re-pulls after a
 * reconnect, a lost consumer is recreated, and any other failure restarts the loop.
 */
export function consumeLaunches(
  ctx: BusContext,
  api: JetStreamApi,
  location: string,
  handler: LaunchHandler,
  options: ConsumeLaunchesOptions = {},
): LaunchConsumer {
  const address = subjects.launch(location); // validates the location token
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
  const { logger, launch } = ctx.options;
  const stream = launchStreamName(ctx);
  const consumer = launchConsumerName(location);
  const stopping = new AbortController();
  const inFlight = new Set<Promise<void>>();
  let messages: ConsumerMessages | undefined;

  const ensure = async () => {
    await ensureLaunchStream(ctx, api);
    await ensureLaunchConsumer(ctx, api, location);
  };

  // The client pulls on through outages but never recreates a consumer or stream that
  // vanished (a server that lost its store), and retries its lookup only every 30 s: end
  // this consumption instead, and the loop below recreates both and consumes again.
  const watch = async (current: ConsumerMessages, restart: (reason: string) => void) => {
    for await (const status of current.status()) {
      switch (status.type) {
        case 'consumer_not_found':
        case 'stream_not_found':
        case 'consumer_deleted':
          restart(status.type);
          return;
        case 'heartbeats_missed':
          logger.debug({ stream, consumer, count: status.count }, 'launch consumer missed heartbeats');
          break;
        default:
          break;
      }
    }
  };

  const handle = async (msg: JsMsg) => {
    const decoded = decode<LaunchPayload>(catalog.launch.schema, msg.data);
    if (!decoded.ok || decoded.value.location !== location) {
      const why = decoded.ok ? { reason: 'location', location: decoded.value.location } : refusalFields(decoded);
      logger.warn({ subject: msg.subject, stream, seq: msg.seq, ...why }, 'terminated a launch that does not match its schema');
      msg.term();
      return;
    }
    const payload = decoded.value;
    const meta: LaunchMeta = {
      subject: msg.subject,
      headers: headersToRecord(msg.headers),
      deliveryCount: msg.info.deliveryCount,
      streamSequence: msg.seq,
    };
    // Tell the server we are still working so a long handler is not redelivered meanwhile.
    const keepAlive = setInterval(() => msg.working(), Math.max(500, Math.floor(launch.ackWaitMs / 2)));
    keepAlive.unref();
    try {
      const info = spanInfo(ctx, address, msg.subject, {
        'messaging.message.id': launchMessageId(payload),
        'messaging.consumer.group.name': consumer,
        'messaging.message.delivery_count': meta.deliveryCount,
      });
      await withProcessSpan('process', info, msg.headers, () => handler(payload, meta));
      msg.ack();
    } catch (error) {
      const fields = { err: error, runId: payload.runId, attempt: payload.attempt, deliveryCount: meta.deliveryCount };
      if (meta.deliveryCount >= launch.maxDeliver) {
        logger.error(fields, 'launch handler failed on its last delivery; terminating the launch');
        msg.term();
      } else {
        const delayMs = Math.min(launch.maxNakDelayMs, launch.nakDelayMs * 2 ** (meta.deliveryCount - 1));
        logger.warn({ ...fields, delayMs }, 'launch handler failed; it will be redelivered');
        msg.nak(delayMs);
      }
    } finally {
      clearInterval(keepAlive);
    }
  };

  const run = async () => {
    let failures = 0;
    while (!stopping.signal.aborted) {
      const startedAt = Date.now();
      try {
        await ensure();
        const current = await (await api.client().consumers.get(stream, consumer)).consume({ max_messages: concurrency });
        messages = current;
        if (stopping.signal.aborted) {
          await current.close();
          break;
        }
        let restartReason = 'consumption ended';
        void watch(current, (reason) => {
          restartReason = reason;
          void current.close();
        });
        for await (const msg of current) {
          const task = handle(msg).catch((error: unknown) => logger.error({ err: error, stream, consumer }, 'launch processing failed'));
          inFlight.add(task);
          void task.finally(() => inFlight.delete(task));
          while (inFlight.size >= concurrency) await Promise.race(inFlight);
        }
        if (stopping.signal.aborted) break;
        logger.warn({ stream, consumer, reason: restartReason }, 'launch consumption ended; restarting it');
        // A consumption that ends soon after it began counts as a failure, so a resource
        // that keeps vanishing is retried with backoff rather than in a hot loop.
        failures = Date.now() - startedAt < 5_000 ? failures + 1 : 0;
      } catch (error) {
        if (stopping.signal.aborted) break;
        failures++;
        logger.error({ err: error, stream, consumer }, 'launch consumption failed; restarting it');
      }
      if (failures > 0) await sleep(Math.min(maxRestartDelayMs, 250 * 2 ** (failures - 1)), stopping.signal);
    }
    await Promise.all(inFlight);
  };

  const closed = run();
  return {
    location,
    consumer,
    stop: async () => {
      stopping.abort();
      await messages?.close().catch(() => undefined);
      await closed;
    },
    closed,
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
