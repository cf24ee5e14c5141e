import {
  jetstream, jetstreamManager, JetStreamApiCodes, JetStreamApiError,
  type JetStreamClient, type JetStreamManager,
} from '@nats-io/jetstream';
import type { BusContext } from './bus-context.js';

/** JetStream handles of one connection, made on first use. */
export class JetStreamApi {
  #manager: Promise<JetStreamManager> | undefined;
  #client: JetStreamClient | undefined;

  constructor(private readonly ctx: BusContext) {}

  /** The manager; a failure (JetStream off) is not cached, so a later call retries. */
  manager(): Promise<JetStreamManager> {
    this.#manager ??= jetstreamManager(this.ctx.nc, { timeout: this.ctx.options.jetStreamTimeoutMs }).catch((error: unknown) => {
      this.#manager = undefined;
      throw error;
    });
    return this.#manager;
  }

  client(): JetStreamClient {
    this.#client ??= jetstream(this.ctx.nc, { timeout: this.ctx.options.jetStreamTimeoutMs });
    return this.#client;
  }
}

/** True for the JetStream API's "stream not found". */
export function isStreamNotFound(error: unknown): boolean {
  return error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound;
}

/** True for the JetStream API's "consumer not found". */
export function isConsumerNotFound(error: unknown): boolean {
  return error instanceof JetStreamApiError && error.code === JetStreamApiCodes.ConsumerNotFound;
}
