// The run-launcher's reads against a real Postgres: what the queue, monitoring and retries see.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '@orrery/testing';
import { createPrismaClient, PrismaRunStore, type PrismaClient } from '../index.js';
import {
  addRunTagIfAbsent, readInFlightRuns, readKvsCursor, readLatestRunFailureId, readMonitoredRuns, readQueuedRuns,
  readRunFailuresAfter, readRunsByIds, readStepEvents, withRunQueueLock, writeKvsCursor,
} from './index.js';

const database = useTestDatabase();
let prisma: PrismaClient;
let runs: PrismaRunStore;

beforeAll(() => {
  prisma = createPrismaClient({ url: database.url, poolSize: 4 });
  runs = new PrismaRunStore(prisma);
});
afterAll(async () => {
  await prisma.$disconnect();
});

async function queuedRun(tags: Record<string, string> = {}): Promise<string> {
  const run = await runs.createRun({ jobName: 'job', locationName: 'loc', tags }, { type: 'RUN_ENQUEUED' });
  return run.runId;
}

async function moveTo(runId: string, path: ('STARTING' | 'STARTED' | 'CANCELING' | 'FAILURE')[]): Promise<void> {
  let from: 'QUEUED' | 'STARTING' | 'STARTED' | 'CANCELING' = 'QUEUED';
  for (const to of path) {
    const result = await runs.transitionStatus({ runId, from, to, incrementAttempt: to === 'STARTING' });
    expect(result.applied).toBe(true);
    if (to !== 'FAILURE') from = to;
  }
}

describe('run queue reads', () => {
  it('reads queued runs oldest first and in-flight runs, each with their tags', async () => {
    const first = await queuedRun({ 'orrery/priority': '3', team: 'a' });
    const second = await queuedRun();
    const starting = await queuedRun({ team: 'b' });
    await moveTo(starting, ['STARTING']);
    const started = await queuedRun();
    await moveTo(started, ['STARTING', 'STARTED']);
    const canceling = await queuedRun();
    await moveTo(canceling, ['STARTING', 'STARTED', 'CANCELING']);
    const failed = await queuedRun();
    await moveTo(failed, ['STARTING', 'FAILURE']);

    const queued = await readQueuedRuns(prisma);
    expect(queued.map((run) => run.runId)).toEqual([first, second]);
    expect(queued[0]!.tags).toEqual({ 'orrery/priority': '3', team: 'a' });
    expect(queued[1]!.tags).toEqual({});
    expect(queued[0]!.createdAt).toBeInstanceOf(Date);

    const inFlight = await readInFlightRuns(prisma);
    const byId = new Map(inFlight.map((run) => [run.runId, run]));
    expect([...byId.keys()].sort()).toEqual([starting, started, canceling].sort());
    expect(byId.get(starting)).toMatchObject({ status: 'STARTING', attempt: 1, jobName: 'job', locationName: 'loc', tags: { team: 'b' } });
    expect(byId.get(canceling)!.status).toBe('CANCELING');
    expect(byId.get(started)!.updatedAt).toBeInstanceOf(Date);
  });

  it('serializes passes under the run queue lock', async () => {
    const order: string[] = [];
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));
    const first = withRunQueueLock(prisma, async () => {
      order.push('first in');
      await firstHolds;
      order.push('first out');
    });
    // Give the first transaction the lock before the second asks for it.
    while (!order.includes('first in')) await new Promise((resolve) => setTimeout(resolve, 5));
    const second = withRunQueueLock(prisma, async () => {
      order.push('second in');
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(order).toEqual(['first in']);
    releaseFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(['first in', 'first out', 'second in']);
  });
});

describe('monitored run reads', () => {
  it('reads in-progress runs with start and heartbeat times', async () => {
    const runId = await queuedRun();
    await moveTo(runId, ['STARTING', 'STARTED']);
    const beat = new Date('2030-01-01T00:00:00.000Z');
    await prisma.run.update({ where: { runId }, data: { heartbeatTime: beat } });
    const rows = await readMonitoredRuns(prisma);
    const row = rows.find((candidate) => candidate.runId === runId);
    expect(row).toMatchObject({ status: 'STARTED', attempt: 1, lastHeartbeatAt: beat });
    expect(row!.startedAt).toBeInstanceOf(Date);
  });
});

describe('run failure feed', () => {
  it('lists RUN_FAILURE events after a cursor, in id order', async () => {
    const before = await readLatestRunFailureId(prisma);
    const a = await queuedRun();
    const b = await queuedRun();
    await moveTo(a, ['STARTING', 'FAILURE']);
    await moveTo(b, ['STARTING', 'FAILURE']);
    const events = await readRunFailuresAfter(prisma, before, 10);
    expect(events.map((event) => event.runId)).toEqual([a, b]);
    expect(events[0]!.id < events[1]!.id).toBe(true);
    expect(await readLatestRunFailureId(prisma)).toBe(events[1]!.id);
    expect(await readRunFailuresAfter(prisma, events[0]!.id, 10)).toHaveLength(1);
    expect(await readRunFailuresAfter(prisma, before, 1)).toHaveLength(1);
    const loaded = await readRunsByIds(prisma, [a, b, randomUUID(), 'not-a-uuid']);
    expect(loaded.map((run) => run.status)).toEqual(['FAILURE', 'FAILURE']);
  });

  it('reads the step events of a run in storage order', async () => {
    const runId = await queuedRun();
    await prisma.eventLog.createMany({
      data: [
        { runId, eventType: 'STEP_START', stepKey: 'a', timestamp: new Date(), body: {} },
        { runId, eventType: 'LOG_MESSAGE', stepKey: null, timestamp: new Date(), body: {} },
        { runId, eventType: 'STEP_FAILURE', stepKey: 'a', timestamp: new Date(), body: {} },
        { runId, eventType: 'STEP_SUCCESS', stepKey: 'b', timestamp: new Date(), body: {} },
      ],
    });
    expect(await readStepEvents(prisma, runId)).toEqual([
      { type: 'STEP_START', stepKey: 'a' },
      { type: 'STEP_FAILURE', stepKey: 'a' },
      { type: 'STEP_SUCCESS', stepKey: 'b' },
    ]);
  });

  it('adds a tag only once, so exactly one of racing callers wins', async () => {
    const runId = await queuedRun();
    const results = await Promise.all([1, 2, 3].map((n) => addRunTagIfAbsent(prisma, runId, 'orrery/auto_retry_run_id', `child-${n}`)));
    expect(results.filter(Boolean)).toHaveLength(1);
    const run = await runs.getRun(runId);
    expect(run!.tags['orrery/auto_retry_run_id']).toMatch(/^child-[123]$/);
  });

  it('keeps a cursor in kvs', async () => {
    expect(await readKvsCursor(prisma, 'test:cursor')).toBeNull();
    await writeKvsCursor(prisma, 'test:cursor', 42n);
    await writeKvsCursor(prisma, 'test:cursor', 9_007_199_254_740_993n);
    expect(await readKvsCursor(prisma, 'test:cursor')).toBe(9_007_199_254_740_993n);
    await prisma.kvs.update({ where: { key: 'test:cursor' }, data: { value: 'garbage' } });
    expect(await readKvsCursor(prisma, 'test:cursor')).toBeNull();
  });
});
