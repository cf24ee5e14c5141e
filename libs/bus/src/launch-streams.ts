import {
  AckPolicy, DeliverPolicy, DiscardPolicy, ReplayPolicy, RetentionPolicy, StorageType,
  type ConsumerConfig, type PubAck, type StreamConfig,
} from '@nats-io/jetstream';
import { errors as natsErrors, nanos } from '@nats-io/transport-node';
import {
  catalog, launchConsumerName, launchMessageId, OrreryError, prefixStream, prefixSubject, subjects,
  type PayloadInput, type PayloadOf,
} from '@orrery/contracts';
import { fullSubject, spanInfo, type BusContext } from './bus-context.js';
import { encode } from './codec.js';
import { BusPublishError } from './errors.js';
import { isConsumerNotFound, isStreamNotFound, type JetStreamApi } from './jetstream-api.js';
import { recordError, startSendSpan } from './trace-context.js';

// Only nats-server 2.9 features here (STACK.md): no stream metadata, no filter_subjects,
// no compression, no priority groups, no consumer pause, no per-message TTL.

/** A launch command as received (validated). */
export type LaunchPayload = PayloadOf<typeof catalog.launch>;
/** A launch command as published (`v` may be left out). */
export type LaunchInput = PayloadInput<typeof catalog.launch>;

/** What ensureStreams/ensureLaunchConsumer did to one JetStream resource. */
export interface EnsuredResource {
  readonly kind: 'stream' | 'consumer';
  readonly name: string;
  readonly action: 'created' | 'updated' | 'unchanged';
}

/** The JetStream publish acknowledgement of a launch. */
export interface LaunchPublished {
  readonly stream: string;
  readonly seq: number;
  /** True when the same `runId:attempt` was already stored within the duplicate window. */
  readonly duplicate: boolean;
}

/** Names of the launch stream and its subjects under the bus prefix. */
export function launchStreamName(ctx: BusContext): string {
  return prefixStream(ctx.options.prefix, catalog.launch.stream);
}

function desiredStream(ctx: BusContext): StreamConfig {
  const { launch } = ctx.options;
  return {
    name: launchStreamName(ctx),
    subjects: [prefixSubject(ctx.options.prefix, 'launch.>')],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    duplicate_window: nanos(launch.duplicateWindowMs),
    max_age: nanos(launch.maxAgeMs),
    num_replicas: launch.replicas,
  } as StreamConfig;
}

function desiredConsumer(ctx: BusContext, location: string): Partial<ConsumerConfig> {
  return {
    durable_name: launchConsumerName(location),
    filter_subject: fullSubject(ctx, subjects.launch(location)),
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    replay_policy: ReplayPolicy.Instant,
    ack_wait: nanos(ctx.options.launch.ackWaitMs),
    max_deliver: ctx.options.launch.maxDeliver,
    max_ack_pending: 1000,
  };
}

// `subjects` is fixed: it follows from the prefix, so a stream of the same name with other
// subjects belongs to another prefix (`a.b` and `a_b` share `A_B_LAUNCH`) and is not ours.
const fixedStreamFields = ['subjects', 'retention', 'storage'] as const;
const mutableStreamFields = ['discard', 'duplicate_window', 'max_age', 'num_replicas'] as const;
const fixedConsumerFields = ['filter_subject', 'ack_policy', 'deliver_policy'] as const;
const mutableConsumerFields = ['ack_wait', 'max_deliver', 'max_ack_pending'] as const;

function differing<T extends object>(actual: T, desired: T, fields: readonly (keyof T)[]): (keyof T)[] {
  return fields.filter((field) => JSON.stringify(actual[field]) !== JSON.stringify(desired[field]));
}

/**
 * Creates or updates the launch stream (work queue, file storage, duplicate window) so it
 * matches the options. Idempotent and safe to run from every replica at startup; a stream
 * whose retention or storage differs cannot be changed in place and throws.
 */
export async function ensureLaunchStream(ctx: BusContext, api: JetStreamApi): Promise<EnsuredResource> {
  const manager = await api.manager();
  const desired = desiredStream(ctx);
  const name = desired.name;
  for (let attempt = 0; ; attempt++) {
    let actual: StreamConfig;
    try {
      actual = (await manager.streams.info(name)).config;
    } catch (error) {
      if (!isStreamNotFound(error)) throw error;
      try {
        await manager.streams.add(desired);
        ctx.options.logger.info({ stream: name }, 'created JetStream stream');
        return { kind: 'stream', name, action: 'created' };
      } catch (addError) {
        // Another replica created it first: compare with what it made.
        if (attempt > 0) throw addError;
        continue;
      }
    }
    const fixed = differing(actual, desired, fixedStreamFields);
    if (fixed.length > 0) {
      throw new OrreryError('INTERNAL', {
        message: `stream ${name} exists with a different ${fixed.join(', ')} (another prefix's, or made by hand); delete it or choose another prefix`,
        details: { stream: name, fields: fixed },
      });
    }
    const changed = differing(actual, desired, mutableStreamFields);
    if (changed.length === 0) return { kind: 'stream', name, action: 'unchanged' };
    const update = Object.fromEntries(mutableStreamFields.map((field) => [field, desired[field]]));
    await manager.streams.update(name, update);
    ctx.options.logger.info({ stream: name, fields: changed }, 'updated JetStream stream');
    return { kind: 'stream', name, action: 'updated' };
  }
}

/**
 * Creates or updates the durable pull consumer of one location's launches (explicit ack,
 * `filter_subject` `<prefix>.launch.<location>`). All executors of the location share it.
 */
export async function ensureLaunchConsumer(ctx: BusContext, api: JetStreamApi, location: string): Promise<EnsuredResource> {
  const manager = await api.manager();
  const stream = launchStreamName(ctx);
  const desired = desiredConsumer(ctx, location);
  const name = desired.durable_name!;
  for (let attempt = 0; ; attempt++) {
    let actual: Partial<ConsumerConfig>;
    try {
      actual = (await manager.consumers.info(stream, name)).config;
    } catch (error) {
      if (!isConsumerNotFound(error)) throw error;
      try {
        await manager.consumers.add(stream, desired);
        ctx.options.logger.info({ stream, consumer: name }, 'created JetStream consumer');
        return { kind: 'consumer', name, action: 'created' };
      } catch (addError) {
        if (attempt > 0 || isStreamNotFound(addError)) throw addError;
        continue;
      }
    }
    const fixed = differing(actual, desired, fixedConsumerFields);
    if (fixed.length > 0) {
      throw new OrreryError('INTERNAL', { message: `consumer ${name} of ${stream} exists with a different ${fixed.join(', ')}; it must be deleted to change that`, details: { stream, consumer: name, fields: fixed } });
    }
    const changed = differing(actual, desired, mutableConsumerFields);
    if (changed.length === 0) return { kind: 'consumer', name, action: 'unchanged' };
    await manager.consumers.update(stream, name, Object.fromEntries(mutableConsumerFields.map((field) => [field, desired[field]])));
    ctx.options.logger.info({ stream, consumer: name, fields: changed }, 'updated JetStream consumer');
    return { kind: 'consumer', name, action: 'updated' };
  }
}

/**
 * Publishes a launch to `<prefix>.launch.<location>` with msgID `runId:attempt` and waits for
 * the stream's acknowledgement. When no stream takes the subject (a server that lost its
 * store), it recreates the stream once and retries. Throws {@link BusPublishError} when the
 * launch is not stored.
 */
export async function publishLaunch(ctx: BusContext, api: JetStreamApi, payload: LaunchInput): Promise<LaunchPublished> {
  const provisional = `${ctx.options.prefix}.launch`;
  const { value, json } = encode<LaunchPayload>(catalog.launch.schema, provisional, payload);
  const address = subjects.launch(value.location);
  const subject = fullSubject(ctx, address);
  const msgID = launchMessageId(value);
  const { span, headers } = startSendSpan('publish', spanInfo(ctx, address, subject, { 'messaging.message.id': msgID }), undefined);
  const send = () => api.client().publish(subject, json, { msgID, headers, timeout: ctx.options.jetStreamTimeoutMs });
  try {
    let ack: PubAck;
    try {
      ack = await send();
    } catch (error) {
      if (!isNoStream(error)) throw error;
      ctx.options.logger.warn({ subject, stream: launchStreamName(ctx) }, 'no stream takes launches; recreating it');
      await ensureLaunchStream(ctx, api);
      ack = await send();
    }
    if (ack.duplicate) span.setAttribute('orrery.message.duplicate', true);
    return { stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate };
  } catch (error) {
    const failure = new BusPublishError(subject, { cause: error });
    recordError(span, failure);
    throw failure;
  } finally {
    span.end();
  }
}

/** A JetStream publish that no stream answered ("no responders" under the client's wrapper). */
function isNoStream(error: unknown): boolean {
  const isNoResponders = (value: unknown) => value instanceof natsErrors.RequestError && value.isNoResponders();
  return isNoResponders(error) || (error instanceof Error && isNoResponders(error.cause));
}
