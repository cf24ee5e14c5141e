// The whole service on real Postgres and real NATS: wake-ups over orrery.run.queued, the
// NATS launcher feeding the ORRERY_LAUNCH work queue, and a launch lost to a NATS outage.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startNatsServer, useTestDatabase, useTestNats, type PrivateNatsServer } from '@orrery/testing';
import { connectBus, type Bus, type LaunchPayload } from '@orrery/bus';
import { catalog, instanceConfigSchema } from '@orrery/contracts';
import { createPrismaClient, PrismaRunStore, type PrismaClient } from '@orrery/db';
import { NatsRunLauncher } from '../src/launchers/nats-run-launcher.js';
import { RunLauncherService } from '../src/run-launcher-service.js';
import { systemClock } from '../src/clock.js';
import { captureLogger, clearRuns, queueRun } from './helpers.js';

const database = useTestDatabase();
const nats = useTestNats();
let prisma: PrismaClient;
const buses: Bus[] = [];

beforeAll(() => {
  prisma = createPrismaClient({ url: database.url, poolSize: 6 });
});
afterAll(async () => {
  for (const bus of buses) await bus.drain();
  await prisma.$disconnect();
});
beforeEach(async () => {
  await clearRuns(prisma);
});

async function bus(servers: string, prefix: string, name: string, options: { jetStreamTimeoutMs?: number } = {}): Promise<Bus> {
  const connected = await connectBus({ servers, prefix, name, ...options });
  buses.push(connected);
  return connected;
}

/** Collects launches of location `loc` as an executor would take them. */
function collectLaunches(consumerBus: Bus): { launches: LaunchPayload[]; waitFor: (count: number) => Promise<void> } {
  const launches: LaunchPayload[] = [];
  consumerBus.consumeLaunches('loc', (payload) => {
    launches.push(payload);
  });
  const waitFor = async (count: number) => {
    while (launches.length < count) await new Promise((resolve) => setTimeout(resolve, 10));
  };
  return { launches, waitFor };
}

function config(overrides: Record<string, unknown> = {}) {
  return instanceConfigSchema.parse({ run_monitoring: { enabled: false }, ...overrides });
}

describe('RunLauncherService', () => {
  it('launches a run when orrery.run.queued wakes it (no poll in the test\'s lifetime), once per run however many wake-ups', async () => {
    const serviceBus = await bus(nats.url, nats.prefix, 'service');
    const clientBus = await bus(nats.url, nats.prefix, 'api');
    const { logger } = captureLogger();
    const service = new RunLauncherService({
      prisma, bus: serviceBus, logger,
      config: config({ run_coordinator: { dequeue_interval_ms: 3_600_000 } }),
      launcher: new NatsRunLauncher(serviceBus, systemClock),
    });
    await service.start();
    try {
      await service.coordinator.idle();
      const { launches, waitFor } = collectLaunches(clientBus);
      const runIds: string[] = [];
      for (let i = 0; i < 5; i++) runIds.push(await queueRun(prisma));
      // A burst of wake-ups, as a backfill submitting many runs sends.
      for (let i = 0; i < 200; i++) clientBus.publish(catalog.runQueued, { runId: runIds[i % 5]! });
      await waitFor(5);
      expect(launches.map((launch) => launch.runId).sort()).toEqual([...runIds].sort());
      expect(launches.every((launch) => launch.attempt === 1 && launch.location === 'loc' && launch.jobName === 'job')).toBe(true);
      await service.coordinator.idle();
      expect(await prisma.eventLog.count({ where: { eventType: 'RUN_STARTING' } })).toBe(5);
    } finally {
      await service.stop();
    }
  });

  describe('with NATS down during a launch', () => {
    let server: PrivateNatsServer;
    beforeAll(async () => {
      server = await startNatsServer();
    });
    afterAll(async () => {
      await server.dispose();
    });

    it('keeps the run STARTING and launches it once NATS is back', async () => {
      const prefix = `${nats.prefix}p`;
      const serviceBus = await bus(server.url, prefix, 'service', { jetStreamTimeoutMs: 300 });
      const { logger, lines } = captureLogger();
      const service = new RunLauncherService({
        prisma, bus: serviceBus, logger, relaunchDelayMs: 200,
        config: config({ run_coordinator: { dequeue_interval_ms: 50 } }),
        launcher: new NatsRunLauncher(serviceBus, systemClock),
      });
      await service.start();
      try {
        await server.stop({ hard: true });
        const runId = await queueRun(prisma);
        while (!lines.some((line) => String(line['msg']).startsWith('launch failed'))) await new Promise((resolve) => setTimeout(resolve, 20));
        const waiting = (await new PrismaRunStore(prisma).getRun(runId))!;
        expect(waiting.status).toBe('STARTING');
        expect(waiting.attempt).toBe(1);

        await server.start();
        const executorBus = await bus(server.url, prefix, 'executor');
        const { launches, waitFor } = collectLaunches(executorBus);
        await waitFor(1);
        expect(launches[0]).toMatchObject({ runId, attempt: 1 });
        expect((await new PrismaRunStore(prisma).getRun(runId))!.attempt).toBe(1);
      } finally {
        await service.stop();
      }
    });
  });
});
