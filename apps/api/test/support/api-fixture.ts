// The api under test: buildApp() over a real Postgres database and a real NATS prefix of
// this test file, plus helpers to publish code location snapshots and watch bus messages.
import { Writable } from 'node:stream';
import { connectBus, type Bus, type MessageHandler } from '@orrery/bus';
import type { Address, EventEntry } from '@orrery/contracts';
import { createPrismaClient, PrismaCodeLocationStore, PrismaEventLogStore, PrismaRunStore, type PrismaClient } from '@orrery/db';
import { createLogger, type Logger } from '@orrery/platform';
import type { Definitions } from '@orrery/sdk';
import { useTestDatabase, useTestNats } from '@orrery/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Readiness } from '../../src/routes/health.js';

/** The fixed "now" of the api in tests: daily partitions up to 2024-06-09 exist. */
export const TEST_NOW = new Date('2024-06-10T12:00:00Z');

/** A running api of one test file and what it runs on. */
export interface ApiFixture {
  readonly app: FastifyInstance;
  readonly prisma: PrismaClient;
  readonly bus: Bus;
  readonly runs: PrismaRunStore;
  readonly events: PrismaEventLogStore;
  readonly locations: PrismaCodeLocationStore;
  /** Every log line of the app, parsed. */
  readonly logLines: Record<string, unknown>[];
  /** Stores `definitions` as the current snapshot of `location`, as an executor does. */
  publishLocation(location: string, definitions: Definitions): Promise<void>;
  /** Collects the payloads published to `address` from now on. */
  collect<E extends EventEntry>(address: Address<E>): Promise<Parameters<MessageHandler<E>>[0][]>;
  /** Another app over the same database with another bus (e.g. a closed one), and readiness. */
  buildAppWith(bus: Bus, readiness?: Readiness): FastifyInstance;
  /** Connects another bus under this file's prefix. */
  connectBus(): Promise<Bus>;
}

/** Call at the top level of a test file. */
export function useApi(): ApiFixture {
  const database = useTestDatabase();
  const nats = useTestNats();
  const logLines: Record<string, unknown>[] = [];
  let state: { app: FastifyInstance; prisma: PrismaClient; bus: Bus; logger: Logger } | undefined;
  const extraBuses: Bus[] = [];

  const newBus = () => connectBus({ servers: nats.url, name: 'api-test', prefix: nats.prefix });
  const alwaysReady: Readiness = async () => ({ ready: true, checks: {} });
  const appOver = (prisma: PrismaClient, bus: Bus, logger: Logger, readiness = alwaysReady) =>
    buildApp({ logger, readiness, prisma, bus, clock: () => TEST_NOW });

  beforeAll(async () => {
    const prisma = createPrismaClient({ url: database.url, poolSize: 6 });
    const bus = await newBus();
    const logger = createLogger({ service: 'api-test', level: 'info', destination: lineCollector(logLines) });
    const app = appOver(prisma, bus, logger);
    await app.ready();
    state = { app, prisma, bus, logger };
  });
  afterAll(async () => {
    await state?.app.close();
    for (const bus of [state?.bus, ...extraBuses]) await bus?.drain();
    await state?.prisma.$disconnect();
  });

  const current = () => {
    if (!state) throw new Error('useApi(): the app exists only once beforeAll has run');
    return state;
  };
  return {
    get app() { return current().app; },
    get prisma() { return current().prisma; },
    get bus() { return current().bus; },
    get runs() { return new PrismaRunStore(current().prisma); },
    get events() { return new PrismaEventLogStore(current().prisma); },
    get locations() { return new PrismaCodeLocationStore(current().prisma); },
    logLines,
    async publishLocation(location, definitions) {
      const snapshot = definitions.snapshot as unknown as Record<string, unknown>;
      await new PrismaCodeLocationStore(current().prisma).publish({ location, snapshotId: definitions.snapshotId, snapshot, instigators: [] });
    },
    async collect(address) {
      const received: never[] = [];
      const subscription = current().bus.subscribe(address, (payload) => {
        received.push(payload as never);
      });
      afterAll(() => subscription.unsubscribe());
      // Round trip to the server: the subscription is registered before anything is published.
      await current().bus.connection.flush();
      return received;
    },
    buildAppWith(bus, readiness) {
      const { prisma, logger } = current();
      return appOver(prisma, bus, logger, readiness);
    },
    async connectBus() {
      const bus = await newBus();
      extraBuses.push(bus);
      return bus;
    },
  };
}

function lineCollector(lines: Record<string, unknown>[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
}
