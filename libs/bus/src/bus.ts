import { connect, type NatsConnection, type Status } from '@nats-io/transport-node';
import type {
  Address, EventEntry, FixedEntry, PayloadInput, ReplyOf, RequestEntry,
} from '@orrery/contracts';
import { fullSubject, type BusContext } from './bus-context.js';
import { JetStreamApi } from './jetstream-api.js';
import { consumeLaunches, type ConsumeLaunchesOptions, type LaunchConsumer, type LaunchHandler } from './launch-consumer.js';
import {
  ensureLaunchConsumer, ensureLaunchStream, launchStreamName, publishLaunch,
  type EnsuredResource, type LaunchInput, type LaunchPublished,
} from './launch-streams.js';
import { resolveBusOptions, type BusOptions, type ResolvedBusOptions } from './options.js';
import {
  publish, subscribe,
  type BusSubscription, type MessageHandler, type PublishOptions, type SubscribeOptions,
} from './pub-sub.js';
import {
  request, respond,
  type BusResponder, type RequestHandler, type RequestOptions, type RespondOptions,
} from './request-reply.js';

/** Connection state, kept from the client's status events. */
export type BusStatus = 'connected' | 'reconnecting' | 'closed';

/**
 * Connects to NATS and resolves once connected. It waits as long as it takes: start-up
 * survives NATS being down (every attempt is retried, with backoff and jitter), and so
 * does every later outage — the client reconnects forever and resubscribes by itself.
 */
export async function connectBus(options: BusOptions): Promise<Bus> {
  const resolved = resolveBusOptions(options);
  const backoff = new ReconnectBackoff(resolved);
  const nc = await connect({
    servers: resolved.servers,
    name: resolved.name,
    maxReconnectAttempts: -1,
    waitOnFirstConnect: true,
    reconnectDelayHandler: () => backoff.nextDelayMs(),
    timeout: resolved.connectTimeoutMs,
    pingInterval: resolved.pingIntervalMs,
    maxPingOut: resolved.maxPingOut,
  });
  backoff.connected();
  resolved.logger.info({ server: nc.getServer(), name: resolved.name, prefix: resolved.prefix }, 'connected to NATS');
  return new Bus(nc, resolved, backoff);
}

/**
 * Reconnect wait that grows with the outage: half its length so far, between the min and
 * max wait, plus jitter. Short blips reconnect fast; a long outage is not hammered.
 */
class ReconnectBackoff {
  #downSince = Date.now();
  #everConnected = false;
  #lastWaitLog = 0;

  constructor(private readonly options: ResolvedBusOptions) {}

  nextDelayMs(): number {
    const now = Date.now();
    const downFor = now - this.#downSince;
    // Quiet for the first second: the first attempt often just needs a moment.
    if (!this.#everConnected && downFor >= 1_000 && now - this.#lastWaitLog >= 5_000) {
      this.#lastWaitLog = now;
      this.options.logger.warn({ servers: this.options.servers, downForMs: downFor }, 'waiting for NATS');
    }
    const base = Math.min(this.options.reconnectMaxWaitMs, Math.max(this.options.reconnectMinWaitMs, downFor / 2));
    return Math.round(base + Math.random() * this.options.reconnectJitterMs);
  }

  connected(): void {
    this.#everConnected = true;
  }

  disconnected(): void {
    this.#downSince = Date.now();
  }
}

/**
 * Orrery's typed NATS connection: publish/subscribe, request/respond and the launch work
 * queue, each typed by an entry of the contracts catalog and prefixed with `prefix`.
 */
export class Bus {
  readonly #ctx: BusContext;
  readonly #jetStream: JetStreamApi;
  readonly #backoff: ReconnectBackoff;
  readonly #consumers = new Set<LaunchConsumer>();
  readonly #responders = new Set<BusResponder>();
  #status: BusStatus = 'connected';
  #draining: Promise<void> | undefined;

  /** @internal Use {@link connectBus}. */
  constructor(
    readonly connection: NatsConnection,
    options: ResolvedBusOptions,
    backoff: ReconnectBackoff,
  ) {
    this.#ctx = { nc: connection, options };
    this.#jetStream = new JetStreamApi(this.#ctx);
    this.#backoff = backoff;
    void this.#followStatus();
    void connection.closed().then((error) => {
      this.#status = 'closed';
      if (error) options.logger.error({ err: error }, 'NATS connection closed with an error');
      else options.logger.info({}, 'NATS connection closed');
    });
  }

  /** The subject and stream prefix (default `orrery`). */
  get prefix(): string {
    return this.#ctx.options.prefix;
  }

  /** Connection state: `connected`, `reconnecting` (an outage; publishes are buffered) or `closed`. */
  get status(): BusStatus {
    return this.#status;
  }

  isConnected(): boolean {
    return this.#status === 'connected' && !this.connection.isClosed();
  }

  /**
   * A round trip to the server within `timeoutMs` (default 2000): true if it came back.
   * Never throws, never hangs; for `/readyz`.
   */
  async ping(timeoutMs = 2_000): Promise<boolean> {
    if (!this.isConnected()) return false;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await Promise.race([this.connection.flush().then(() => true, () => false), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The full subject (with prefix) of an address, e.g. for logs. */
  subject(address: Address): string {
    return fullSubject(this.#ctx, address);
  }

  /** Publishes a core message of a parameterless entry, e.g. `publish(catalog.runQueued, { runId })`. */
  publish<E extends EventEntry>(target: FixedEntry<E>, payload: PayloadInput<E>, options?: PublishOptions): void;
  /** Publishes a core message to an address, e.g. `publish(subjects.runEvents(runId), event)`. */
  publish<E extends EventEntry>(target: Address<E>, payload: PayloadInput<E>, options?: PublishOptions): void;
  publish<E extends EventEntry>(target: E | Address<E>, payload: PayloadInput<E>, options?: PublishOptions): void {
    publish(this.#ctx, target, payload, options);
  }

  /** Subscribes to a parameterless entry's subject. See {@link subscribe} for the guarantees. */
  subscribe<E extends EventEntry>(target: FixedEntry<E>, handler: MessageHandler<E>, options?: SubscribeOptions): BusSubscription;
  /** Subscribes to an address (parameters may be `ANY`). */
  subscribe<E extends EventEntry>(target: Address<E>, handler: MessageHandler<E>, options?: SubscribeOptions): BusSubscription;
  subscribe<E extends EventEntry>(target: E | Address<E>, handler: MessageHandler<E>, options?: SubscribeOptions): BusSubscription {
    return subscribe(this.#ctx, target, handler, options);
  }

  /**
   * Sends a request and returns the typed reply `{ ok: true, result } | { ok: false, error }`.
   * Throws BusTimeoutError, NoRespondersError or BadReplyError.
   */
  request<E extends RequestEntry>(target: Address<E>, payload: PayloadInput<E>, options?: RequestOptions): Promise<ReplyOf<E>> {
    return request(this.#ctx, target, payload, options);
  }

  /** Answers requests in a queue group; handler errors become `{ ok: false, error }` replies. */
  respond<E extends RequestEntry>(target: Address<E>, handler: RequestHandler<E>, options?: RespondOptions): BusResponder {
    const responder = respond(this.#ctx, target, handler, options);
    this.#responders.add(responder);
    void responder.closed.finally(() => this.#responders.delete(responder));
    return responder;
  }

  /**
   * Creates or updates the launch stream, and the durable consumers of `launchConsumers`
   * (location names), to match the options. Idempotent; run it at every service's startup.
   */
  async ensureStreams(options: { launchConsumers?: readonly string[] } = {}): Promise<EnsuredResource[]> {
    const ensured = [await ensureLaunchStream(this.#ctx, this.#jetStream)];
    for (const location of options.launchConsumers ?? []) ensured.push(await ensureLaunchConsumer(this.#ctx, this.#jetStream, location));
    return ensured;
  }

  /** Creates or updates the durable consumer of one location's launches (idempotent). */
  ensureLaunchConsumer(location: string): Promise<EnsuredResource> {
    return ensureLaunchConsumer(this.#ctx, this.#jetStream, location);
  }

  /** The launch stream's name under this prefix, e.g. `ORRERY_LAUNCH`. */
  get launchStream(): string {
    return launchStreamName(this.#ctx);
  }

  /** Publishes a launch with msgID `runId:attempt`; resolves with the stream's acknowledgement. */
  publishLaunch(payload: LaunchInput): Promise<LaunchPublished> {
    return publishLaunch(this.#ctx, this.#jetStream, payload);
  }

  /** Consumes one location's launches until stopped (or the bus drains). */
  consumeLaunches(location: string, handler: LaunchHandler, options?: ConsumeLaunchesOptions): LaunchConsumer {
    const consumer = consumeLaunches(this.#ctx, this.#jetStream, location, handler, options);
    this.#consumers.add(consumer);
    void consumer.closed.finally(() => this.#consumers.delete(consumer));
    return consumer;
  }

  /**
   * Shutdown (STYLE.md 10): stops launch consumers and responders after the work in hand,
   * then drains the connection (subscriptions finish what arrived, buffered publishes are
   * flushed) and closes it. Safe to call twice.
   */
  drain(): Promise<void> {
    this.#draining ??= (async () => {
      await Promise.all([...this.#consumers].map((consumer) => consumer.stop()));
      await Promise.all([...this.#responders].map((responder) => responder.drain()));
      if (!this.connection.isClosed()) {
        // Draining flushes to the server: during an outage nothing can be flushed, and
        // shutdown must not wait for NATS to come back, so close instead.
        if (this.isConnected()) {
          await this.connection.drain().catch(async (error: unknown) => {
            this.#ctx.options.logger.warn({ err: error }, 'NATS drain failed; closing');
            await this.connection.close();
          });
        } else {
          await this.connection.close();
        }
      }
      this.#status = 'closed';
    })();
    return this.#draining;
  }

  async #followStatus(): Promise<void> {
    const { logger } = this.#ctx.options;
    for await (const status of this.connection.status()) this.#onStatus(status, logger);
  }

  #onStatus(status: Status, logger: ResolvedBusOptions['logger']): void {
    switch (status.type) {
      case 'disconnect':
        this.#status = 'reconnecting';
        this.#backoff.disconnected();
        logger.warn({ server: status.server }, 'disconnected from NATS; reconnecting');
        return;
      case 'reconnecting':
        this.#status = 'reconnecting';
        return;
      case 'reconnect':
        this.#status = 'connected';
        logger.info({ server: status.server }, 'reconnected to NATS');
        return;
      case 'close':
        this.#status = 'closed';
        return;
      case 'staleConnection':
        logger.warn({}, 'NATS connection went stale (missed pongs); reconnecting');
        return;
      case 'ldm':
        logger.warn({ server: status.server }, 'NATS server entered lame duck mode');
        return;
      case 'error':
        logger.error({ err: status.error }, 'NATS reported an error');
        return;
      case 'slowConsumer':
        logger.warn({ subject: status.sub.getSubject(), pending: status.pending }, 'slow NATS consumer');
        return;
      case 'update':
      case 'ping':
      case 'forceReconnect':
        return;
      default: {
        const unhandled: never = status;
        logger.debug({ status: unhandled }, 'unknown NATS status');
      }
    }
  }
}
