// The queued run coordinator against a real Postgres: order, limits, races, polling, relaunches.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '@orrery/testing';
import { createPrismaClient, PrismaRunStore, readInFlightRuns, type PrismaClient } from '@orrery/db';
import { LaunchRefusedError } from '../src/launchers/run-launcher.js';
import { buildCoordinator } from './build-coordinator.js';
import { captureLogger, clearRuns, FakeClock, finishRun, queueRun, RecordingLauncher } from './helpers.js';

const database = useTestDatabase();
let prisma: PrismaClient;
let otherPrisma: PrismaClient;
const { logger } = captureLogger();

beforeAll(() => {
  prisma = createPrismaClient({ url: database.url, poolSize: 4 });
  otherPrisma = createPrismaClient({ url: database.url, poolSize: 4 });
});
afterAll(async () => {
  await prisma.$disconnect();
  await otherPrisma.$disconnect();
});
beforeEach(async () => {
  await clearRuns(prisma);
});
// A started coordinator keeps polling: stop it even when its test failed or timed out, so it
// cannot launch the next test's runs.
const started: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((coordinator) => coordinator.stop()));
});

async function runOf(runId: string) {
  return (await new PrismaRunStore(prisma).getRun(runId))!;
}

async function startingEventCount(runId: string): Promise<number> {
  return await prisma.eventLog.count({ where: { runId, eventType: 'RUN_STARTING' } });
}

describe('QueuedRunCoordinator', () => {
  it('launches by orrery/priority (higher first), then FIFO, moving each run QUEUED → STARTING at attempt 1', async () => {
    const launcher = new RecordingLauncher();
    const coordinator = buildCoordinator({ prisma, launcher, clock: new FakeClock(), logger });
    const low = await queueRun(prisma, { 'orrery/priority': '-1' });
    const first = await queueRun(prisma);
    const urgent = await queueRun(prisma, { 'orrery/priority': '5' });
    const second = await queueRun(prisma);

    const result = await coordinator.runPass();
    expect(result.launched).toEqual([urgent, first, second, low]);
    expect(launcher.launches).toEqual([urgent, first, second, low].map((runId) => ({ runId, attempt: 1 })));
    for (const runId of [low, first, urgent, second]) {
      const run = await runOf(runId);
      expect(run.status).toBe('STARTING');
      expect(run.attempt).toBe(1);
    }
  });

  it('never exceeds max_concurrent_runs 2 nor a tag limit of 1, and launches everything as runs finish', async () => {
    const launcher = new RecordingLauncher();
    const limits = { maxConcurrentRuns: 2, tagConcurrencyLimits: [{ key: 'database', value: 'warehouse', limit: 1 }] };
    const coordinator = buildCoordinator({ prisma, launcher, clock: new FakeClock(), logger, limits });
    const queued: string[] = [];
    for (let i = 0; i < 6; i++) queued.push(await queueRun(prisma, i < 4 ? { database: 'warehouse' } : {}));

    const maxSeen = { total: 0, warehouse: 0 };
    for (let pass = 0; pass < 20 && launcher.launches.length < queued.length; pass++) {
      await coordinator.runPass();
      const inFlight = await readInFlightRuns(prisma);
      const warehouse = inFlight.filter((run) => run.tags['database'] === 'warehouse').length;
      maxSeen.total = Math.max(maxSeen.total, inFlight.length);
      maxSeen.warehouse = Math.max(maxSeen.warehouse, warehouse);
      expect(inFlight.length).toBeLessThanOrEqual(2);
      expect(warehouse).toBeLessThanOrEqual(1);
      // Finish the oldest in-flight run, so the next pass has room again.
      const oldest = inFlight.sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime())[0];
      if (oldest) await finishRun(prisma, oldest.runId);
    }
    expect(new Set(launcher.launchedIds())).toEqual(new Set(queued));
    expect(maxSeen).toEqual({ total: 2, warehouse: 1 });
  });

  it('two coordinators racing on their own connections launch each run once and keep the limit', async () => {
    const launcherA = new RecordingLauncher();
    const launcherB = new RecordingLauncher();
    const limits = { maxConcurrentRuns: 5, tagConcurrencyLimits: [] };
    const a = buildCoordinator({ prisma, launcher: launcherA, clock: new FakeClock(), logger, limits });
    const b = buildCoordinator({ prisma: otherPrisma, launcher: launcherB, clock: new FakeClock(), logger, limits });
    const queued: string[] = [];
    for (let i = 0; i < 12; i++) queued.push(await queueRun(prisma));

    await Promise.all([a.runPass(), b.runPass(), a.runPass(), b.runPass()]);
    const launched = [...launcherA.launchedIds(), ...launcherB.launchedIds()];
    expect(launched).toHaveLength(5);
    expect(new Set(launched).size).toBe(5);
    expect((await readInFlightRuns(prisma)).length).toBe(5);

    for (const run of await readInFlightRuns(prisma)) await finishRun(prisma, run.runId);
    await Promise.all([a.runPass(), b.runPass(), a.runPass(), b.runPass(), a.runPass(), b.runPass()]);
    for (const run of await readInFlightRuns(prisma)) await finishRun(prisma, run.runId);
    await Promise.all([a.runPass(), b.runPass()]);

    const all = [...launcherA.launchedIds(), ...launcherB.launchedIds()];
    expect(all.sort()).toEqual([...queued].sort());
    for (const runId of queued) expect(await startingEventCount(runId)).toBe(1);
  });

  it('launches a run whose wake-up was lost, by polling', async () => {
    const launcher = new RecordingLauncher();
    const coordinator = buildCoordinator({ prisma, launcher, clock: new FakeClock(), logger, dequeueIntervalMs: 50 });
    started.push(coordinator);
    coordinator.start();
    await coordinator.idle();
    // Queued after the first pass, and nobody calls wake(): only the poll can find it.
    const runId = await queueRun(prisma);
    await launcher.waitForLaunches(1);
    expect(launcher.launches).toEqual([{ runId, attempt: 1 }]);
  });

  it('keeps a run whose launch failed STARTING and launches it again after the relaunch delay', async () => {
    const launcher = new RecordingLauncher();
    const clock = new FakeClock();
    const coordinator = buildCoordinator({ prisma, launcher, clock, logger, relaunchDelayMs: 5_000 });
    const runId = await queueRun(prisma);
    launcher.failWith(() => new Error('NATS is down'));

    const first = await coordinator.runPass();
    expect(first.launched).toEqual([runId]);
    expect(launcher.failures).toBe(1);
    expect((await runOf(runId)).status).toBe('STARTING');
    // Launched "now" on the test's clock (the row has the database's time, a little later).
    await prisma.run.update({ where: { runId }, data: { updateTime: clock.now() } });

    launcher.failWith(() => undefined);
    clock.advance(4_000);
    expect((await coordinator.runPass()).relaunched).toEqual([]);
    clock.advance(1_000);
    const third = await coordinator.runPass();
    expect(third.relaunched).toEqual([runId]);
    expect(launcher.launches).toEqual([{ runId, attempt: 1 }]);
    const run = await runOf(runId);
    expect(run.status).toBe('STARTING');
    expect(run.attempt).toBe(1);
    expect(await startingEventCount(runId)).toBe(1);
  });

  it('does not relaunch a run an executor claimed', async () => {
    const launcher = new RecordingLauncher();
    const clock = new FakeClock();
    const coordinator = buildCoordinator({ prisma, launcher, clock, logger, relaunchDelayMs: 1_000 });
    const runId = await queueRun(prisma);
    await coordinator.runPass();
    await new PrismaRunStore(prisma).transitionStatus({ runId, from: 'STARTING', to: 'STARTED', attempt: 1 });
    clock.advance(60_000);
    expect((await coordinator.runPass()).relaunched).toEqual([]);
    expect(launcher.launches).toHaveLength(1);
  });

  it('fails a run the launcher refuses (JOB_INITIALIZATION_FAILURE), and leaves others launching', async () => {
    const launcher = new RecordingLauncher();
    const coordinator = buildCoordinator({ prisma, launcher, clock: new FakeClock(), logger });
    const orphan = await queueRun(prisma, {}, { locationName: null });
    const fine = await queueRun(prisma);
    launcher.failWith((run) => (run.locationName === null ? new LaunchRefusedError(run.runId, 'no location') : undefined));

    await coordinator.runPass();
    const failed = await runOf(orphan);
    expect(failed.status).toBe('FAILURE');
    expect(failed.failureReason).toBe('JOB_INITIALIZATION_FAILURE');
    expect((await runOf(fine)).status).toBe('STARTING');
    expect(launcher.launchedIds()).toEqual([fine]);
  });

  it('takes at most maxLaunchesPerPass runs in one pass and follows up at once', async () => {
    const launcher = new RecordingLauncher();
    const coordinator = buildCoordinator({ prisma, launcher, clock: new FakeClock(), logger, maxLaunchesPerPass: 2 });
    started.push(coordinator);
    for (let i = 0; i < 5; i++) await queueRun(prisma);
    const first = await coordinator.runPass();
    expect(first.launched).toHaveLength(2);
    expect(first.hasMore).toBe(true);
    coordinator.wake();
    await coordinator.idle();
    expect(launcher.launches).toHaveLength(5);
  });

  it('skips reading the queue when the instance is full', async () => {
    const launcher = new RecordingLauncher();
    const coordinator = buildCoordinator({ prisma, launcher, clock: new FakeClock(), logger, limits: { maxConcurrentRuns: 1, tagConcurrencyLimits: [] } });
    await queueRun(prisma);
    await queueRun(prisma);
    expect((await coordinator.runPass()).waiting).toBe(1);
    const full = await coordinator.runPass();
    expect(full.launched).toEqual([]);
    expect(full.waiting).toBeNull();
  });
});
