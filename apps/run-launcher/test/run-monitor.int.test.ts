// Run monitoring against a real Postgres: start timeout, dead executors (resume, then fail), cancel timeout, slot release.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '@orrery/testing';
import type { RunMonitoringPolicy } from '@orrery/core';
import { createPrismaClient, PrismaRunStore, type PrismaClient } from '@orrery/db';
import { LaunchDispatcher } from '../src/launch/launch-dispatcher.js';
import { LaunchTracker } from '../src/launch/launch-tracker.js';
import { RunMonitor } from '../src/monitoring/run-monitor.js';
import { captureLogger, clearRuns, FakeClock, queueRun, RecordingLauncher } from './helpers.js';

const database = useTestDatabase();
let prisma: PrismaClient;
let runs: PrismaRunStore;
const { logger } = captureLogger();

const policy: RunMonitoringPolicy = {
  enabled: true,
  startTimeoutSeconds: 60,
  cancelTimeoutSeconds: 30,
  heartbeatTimeoutSeconds: 20,
  maxResumeRunAttempts: 1,
};

beforeAll(() => {
  prisma = createPrismaClient({ url: database.url, poolSize: 4 });
  runs = new PrismaRunStore(prisma);
});
afterAll(async () => {
  await prisma.$disconnect();
});
beforeEach(async () => {
  await clearRuns(prisma);
  await prisma.concurrencySlot.deleteMany({});
});

function monitor(clock: FakeClock, launcher = new RecordingLauncher()) {
  const dispatcher = new LaunchDispatcher({ launcher, runStore: runs, tracker: new LaunchTracker(5_000), clock, logger });
  return { launcher, monitor: new RunMonitor({ prisma, runStore: runs, dispatcher, policy, pollIntervalMs: 10, clock, logger }) };
}

async function startingRun(): Promise<string> {
  const runId = await queueRun(prisma);
  await runs.transitionStatus({ runId, from: 'QUEUED', to: 'STARTING', incrementAttempt: true });
  return runId;
}

async function startedRun(): Promise<string> {
  const runId = await startingRun();
  await runs.transitionStatus({ runId, from: 'STARTING', to: 'STARTED', attempt: 1 });
  return runId;
}

/**
 * Sets the run's status and start times to the test clock's now: rows get the database's
 * time, which runs ahead of a clock created earlier by however long the setup took.
 */
async function pinTimes(runId: string, clock: FakeClock): Promise<void> {
  const run = (await runs.getRun(runId))!;
  await prisma.run.update({ where: { runId }, data: { updateTime: clock.now(), ...(run.startedAt && { startTime: clock.now() }) } });
}

/** The run holds one slot of pool `warehouse`. */
async function holdSlot(runId: string, slot: number): Promise<void> {
  await prisma.concurrencySlot.create({ data: { pool: 'warehouse', slot, runId, stepKey: 'load', claimedAt: new Date() } });
}

async function slotsHeldBy(runId: string): Promise<number> {
  return await prisma.concurrencySlot.count({ where: { runId } });
}

describe('RunMonitor', () => {
  it('fails a run STARTING past the start timeout (START_TIMEOUT) and frees its slots; leaves a younger one', async () => {
    const clock = new FakeClock();
    const { monitor: m } = monitor(clock);
    const stuck = await startingRun();
    await pinTimes(stuck, clock);
    await holdSlot(stuck, 1);
    clock.advance(61_000);
    const young = await startingRun();
    // Became STARTING 10 s ago on the test's clock.
    await prisma.run.update({ where: { runId: young }, data: { updateTime: new Date(clock.now().getTime() - 10_000) } });

    const result = await m.runPass();
    expect(result.applied.map((action) => [action.runId, action.action])).toEqual([[stuck, 'fail']]);
    const run = (await runs.getRun(stuck))!;
    expect(run.status).toBe('FAILURE');
    expect(run.failureReason).toBe('START_TIMEOUT');
    expect(await slotsHeldBy(stuck)).toBe(0);
    expect(await prisma.concurrencySlot.count({ where: { pool: 'warehouse', runId: null } })).toBe(1);
    expect((await runs.getRun(young))!.status).toBe('STARTING');
  });

  it('resumes a STARTED run whose executor stopped heartbeating, then fails it once resumes are used up', async () => {
    const clock = new FakeClock();
    const { monitor: m, launcher } = monitor(clock);
    const runId = await startedRun();
    await holdSlot(runId, 1);
    await pinTimes(runId, clock);
    await prisma.run.update({ where: { runId }, data: { heartbeatTime: clock.now() } });

    clock.advance(10_000);
    expect((await m.runPass()).applied).toEqual([]);

    clock.advance(15_000);
    const resumed = await m.runPass();
    expect(resumed.applied.map((action) => action.action)).toEqual(['resume']);
    let run = (await runs.getRun(runId))!;
    expect(run.status).toBe('STARTING');
    expect(run.attempt).toBe(2);
    expect(launcher.launches).toEqual([{ runId, attempt: 2 }]);

    // The new attempt is claimed, and its executor dies too: no resume left.
    await runs.transitionStatus({ runId, from: 'STARTING', to: 'STARTED', attempt: 2 });
    await pinTimes(runId, clock);
    clock.advance(21_000);
    const failed = await m.runPass();
    expect(failed.applied.map((action) => action.action)).toEqual(['fail']);
    run = (await runs.getRun(runId))!;
    expect(run.status).toBe('FAILURE');
    expect(run.failureReason).toBe('UNEXPECTED_TERMINATION');
    expect(await slotsHeldBy(runId)).toBe(0);
  });

  it('keeps a run whose executor heartbeats', async () => {
    const clock = new FakeClock();
    const { monitor: m } = monitor(clock);
    const runId = await startedRun();
    await pinTimes(runId, clock);
    clock.advance(60_000);
    await prisma.run.update({ where: { runId }, data: { heartbeatTime: new Date(clock.now().getTime() - 5_000) } });
    expect((await m.runPass()).applied).toEqual([]);
    expect((await runs.getRun(runId))!.status).toBe('STARTED');
  });

  it('marks a run CANCELING past the cancel timeout CANCELED and frees its slots', async () => {
    const clock = new FakeClock();
    const { monitor: m } = monitor(clock);
    const runId = await startedRun();
    await runs.transitionStatus({ runId, from: 'STARTED', to: 'CANCELING' });
    await pinTimes(runId, clock);
    await holdSlot(runId, 1);
    await holdSlot(runId, 2);
    clock.advance(31_000);
    const result = await m.runPass();
    expect(result.applied.map((action) => action.action)).toEqual(['markCanceled']);
    expect((await runs.getRun(runId))!.status).toBe('CANCELED');
    expect(await slotsHeldBy(runId)).toBe(0);
  });

  it('applies an action once when two monitors decide on the same run', async () => {
    const clock = new FakeClock();
    const a = monitor(clock);
    const b = monitor(clock);
    const runId = await startingRun();
    await pinTimes(runId, clock);
    clock.advance(61_000);
    const [first, second] = await Promise.all([a.monitor.runPass(), b.monitor.runPass()]);
    expect(first.applied.length + second.applied.length).toBe(1);
    // The other monitor either decided the same action and found it outdated (both read
    // before either wrote), or read after the write and decided nothing: never a second apply.
    expect(first.outdated.length + second.outdated.length).toBeLessThanOrEqual(1);
    expect(first.failed.length + second.failed.length).toBe(0);
    expect(await prisma.eventLog.count({ where: { runId, eventType: 'RUN_FAILURE' } })).toBe(1);
  });

  it('runs as a loop until stopped', async () => {
    const clock = new FakeClock();
    const { monitor: m } = monitor(clock);
    const runId = await startingRun();
    await pinTimes(runId, clock);
    clock.advance(61_000);
    m.start();
    try {
      while ((await runs.getRun(runId))!.status !== 'FAILURE') await new Promise((resolve) => setTimeout(resolve, 10));
    } finally {
      await m.stop();
    }
    expect((await runs.getRun(runId))!.failureReason).toBe('START_TIMEOUT');
  });
});
