import { defaultSubjectPrefix, subjectPrefixSchema } from '@orrery/contracts';
import { silentLogger, type BusLogger } from './logger.js';

/** Settings of the launch work queue (stream `<PREFIX>_LAUNCH` and its consumers). */
export interface LaunchQueueOptions {
  /** A delivery not acked within this time is redelivered. Default 30 000 ms. */
  ackWaitMs?: number;
  /** Deliveries of one message before it is terminated. Default 5. */
  maxDeliver?: number;
  /** A second publish of the same `runId:attempt` within this window is a duplicate. Default 120 000 ms. */
  duplicateWindowMs?: number;
  /** Launches older than this are dropped (run monitoring handles the run). Default 24 h. */
  maxAgeMs?: number;
  /** Stream replicas (1 on a single server, 3 on a cluster). Default 1. */
  replicas?: number;
  /** Redelivery delay after the first failed attempt; doubles per delivery. Default 2 000 ms. */
  nakDelayMs?: number;
  /** Upper bound of the redelivery delay. Default 60 000 ms. */
  maxNakDelayMs?: number;
}

/** Options of {@link connectBus}. */
export interface BusOptions {
  /** NATS server URL(s), e.g. `nats://127.0.0.1:4222`. */
  servers: string | readonly string[];
  /** Client name the server shows (`connz`), e.g. `run-launcher@host-1`. */
  name: string;
  /** Prefix of every subject and stream. Default `orrery`; tests use one of their own. */
  prefix?: string;
  /** Default: logs nothing. */
  logger?: BusLogger;
  /** Reconnect wait at the start of an outage. Default 250 ms. */
  reconnectMinWaitMs?: number;
  /** The reconnect wait grows with the outage (half its length so far) up to this. Default 5 000 ms. */
  reconnectMaxWaitMs?: number;
  /** Random extra wait per attempt, so replicas do not reconnect in step. Default 500 ms. */
  reconnectJitterMs?: number;
  /** Handshake timeout of one connection attempt. Default 5 000 ms. */
  connectTimeoutMs?: number;
  /** Client ping interval; a silent server is dropped after `maxPingOut` missed pongs. Default 10 000 ms. */
  pingIntervalMs?: number;
  /** Default 3. */
  maxPingOut?: number;
  /** Default timeout of {@link Bus.request}. Default 5 000 ms. */
  requestTimeoutMs?: number;
  /** Timeout of JetStream API calls and publish acks. Default 5 000 ms. */
  jetStreamTimeoutMs?: number;
  launch?: LaunchQueueOptions;
}

/** Options with every default filled in and checked, compiled once. */
export interface ResolvedBusOptions {
  readonly servers: string[];
  readonly name: string;
  readonly prefix: string;
  readonly logger: BusLogger;
  readonly reconnectMinWaitMs: number;
  readonly reconnectMaxWaitMs: number;
  readonly reconnectJitterMs: number;
  readonly connectTimeoutMs: number;
  readonly pingIntervalMs: number;
  readonly maxPingOut: number;
  readonly requestTimeoutMs: number;
  readonly jetStreamTimeoutMs: number;
  readonly launch: Readonly<Required<LaunchQueueOptions>>;
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`bus option ${name} must be a positive number, got ${value}`);
  return value;
}

/** Fills defaults and validates; throws RangeError on a bad value. */
export function resolveBusOptions(options: BusOptions): ResolvedBusOptions {
  const servers = typeof options.servers === 'string' ? [options.servers] : [...options.servers];
  if (servers.length === 0) throw new RangeError('bus option servers must name at least one server');
  const prefix = subjectPrefixSchema.safeParse(options.prefix ?? defaultSubjectPrefix);
  if (!prefix.success) throw new RangeError(`bus option prefix ${JSON.stringify(options.prefix)}: ${prefix.error.issues[0]?.message}`);
  const launch = options.launch ?? {};
  const resolved: ResolvedBusOptions = {
    servers,
    name: options.name,
    prefix: prefix.data,
    logger: options.logger ?? silentLogger,
    reconnectMinWaitMs: positive('reconnectMinWaitMs', options.reconnectMinWaitMs ?? 250),
    reconnectMaxWaitMs: positive('reconnectMaxWaitMs', options.reconnectMaxWaitMs ?? 5_000),
    reconnectJitterMs: options.reconnectJitterMs ?? 500,
    connectTimeoutMs: positive('connectTimeoutMs', options.connectTimeoutMs ?? 5_000),
    pingIntervalMs: positive('pingIntervalMs', options.pingIntervalMs ?? 10_000),
    maxPingOut: positive('maxPingOut', options.maxPingOut ?? 3),
    requestTimeoutMs: positive('requestTimeoutMs', options.requestTimeoutMs ?? 5_000),
    jetStreamTimeoutMs: positive('jetStreamTimeoutMs', options.jetStreamTimeoutMs ?? 5_000),
    launch: {
      ackWaitMs: positive('launch.ackWaitMs', launch.ackWaitMs ?? 30_000),
      maxDeliver: positive('launch.maxDeliver', launch.maxDeliver ?? 5),
      duplicateWindowMs: positive('launch.duplicateWindowMs', launch.duplicateWindowMs ?? 120_000),
      maxAgeMs: positive('launch.maxAgeMs', launch.maxAgeMs ?? 24 * 60 * 60 * 1000),
      replicas: positive('launch.replicas', launch.replicas ?? 1),
      nakDelayMs: positive('launch.nakDelayMs', launch.nakDelayMs ?? 2_000),
      maxNakDelayMs: positive('launch.maxNakDelayMs', launch.maxNakDelayMs ?? 60_000),
    },
  };
  if (resolved.reconnectMaxWaitMs < resolved.reconnectMinWaitMs) throw new RangeError('bus option reconnectMaxWaitMs must be >= reconnectMinWaitMs');
  if (resolved.reconnectJitterMs < 0) throw new RangeError('bus option reconnectJitterMs must be >= 0');
  if (resolved.launch.duplicateWindowMs > resolved.launch.maxAgeMs) throw new RangeError('bus option launch.duplicateWindowMs must not exceed launch.maxAgeMs');
  return resolved;
}
