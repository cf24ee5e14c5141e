// Run retries against a real Postgres: the RUN_FAILURE feed, one child per failure, chains, FROM_FAILURE.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '@orrery/testing';
import type { RunRetriesConfig } from '@orrery/contracts';
import type { RunFailureReason } from '@orrery/core';
import { createPrismaClient, PrismaCodeLocationStore, PrismaRunStore, readKvsCursor, type PrismaClient } from '@orrery/db';
import { RETRY_CURSOR_KEY, RunRetrier } from '../src/retries/run-retrier.js';
import { captureLogger, clearRuns, FakeClock, queueRun } from './helpers.js';

const database = useTestDatabase();
let prisma: PrismaClient;
let runs: PrismaRunStore;
const { logger } = captureLogger();

const policy: RunRetriesConfig = { enabled: true, maxRetries: 2, retryOnAssetOrOpFailure: true, strategy: 'ALL_STEPS' };

beforeAll(() => {
  prisma = createPrismaClient({ url: database.url, poolSize: 4 });
  runs = new PrismaRunStore(prisma);
});
afterAll(async () => {
  await prisma.$disconnect();
});
beforeEach(async () => {
  await clearRuns(prisma);
  await prisma.kvs.deleteMany({ where: { key: RETRY_CURSOR_KEY } });
});

function retrier(overrides: Partial<RunRetriesConfig> = {}) {
  const queued: string[] = [];
  // The clock runs a minute ahead, so every event written by the test counts as settled.
  const clock = new FakeClock(Date.now() + 60_000);
  const instance = new RunRetrier({
    prisma, runStore: runs, locations: new PrismaCodeLocationStore(prisma), policy: { ...policy, ...overrides },
    intervalMs: 10, clock, logger, onRunQueued: (runId) => queued.push(runId),
  });
  return { retrier: instance, queued };
}

async function failRun(runId: string, attempt = 1, reason: RunFailureReason = 'STEP_FAILURE'): Promise<void> {
  await runs.transitionStatus({ runId, from: 'QUEUED', to: 'STARTING', incrementAttempt: true });
  await runs.transitionStatus({ runId, from: 'STARTING', to: 'STARTED', attempt });
  const result = await runs.transitionStatus({ runId, from: 'STARTED', to: 'FAILURE', failureReason: reason });
  expect(result.applied).toBe(true);
}

describe('RunRetrier', () => {
  it('starts at the newest failure: failures from before retries were enabled are not retried', async () => {
    const old = await queueRun(prisma);
    await failRun(old);
    const { retrier: r } = retrier();
    expect((await r.runPass()).created.size).toBe(0);
    expect(await readKvsCursor(prisma, RETRY_CURSOR_KEY)).not.toBeNull();
    expect((await r.runPass()).created.size).toBe(0);
    expect((await runs.getRun(old))!.tags['orrery/auto_retry_run_id']).toBeUndefined();
  });

  it('creates one QUEUED child per failure, idempotently, and chains retries up to max_retries', async () => {
    const { retrier: r, queued } = retrier();
    await r.runPass();
    const root = await queueRun(prisma, { team: 'data', 'orrery/max_retries': '2' });
    await failRun(root);

    const first = await r.runPass();
    const childId = first.created.get(root)!;
    expect(childId).toBeDefined();
    expect(queued).toEqual([childId]);
    const child = (await runs.getRun(childId))!;
    expect(child).toMatchObject({ status: 'QUEUED', jobName: 'job', locationName: 'loc', parentRunId: root, rootRunId: root });
    expect(child.tags).toMatchObject({
      team: 'data', 'orrery/retry_number': '1', 'orrery/parent_run_id': root, 'orrery/root_run_id': root,
    });
    expect((await runs.getRun(root))!.tags['orrery/auto_retry_run_id']).toBe(childId);
    expect(await prisma.eventLog.count({ where: { runId: childId, eventType: 'RUN_ENQUEUED' } })).toBe(1);

    // The same failure read again (the cursor trails, or another pass): no second child.
    expect((await r.runPass()).created.size).toBe(0);
    await prisma.kvs.update({ where: { key: RETRY_CURSOR_KEY }, data: { value: '0' } });
    expect((await r.runPass()).created.size).toBe(0);
    expect(await prisma.run.count({ where: { parentRunId: root } })).toBe(1);

    await failRun(childId);
    const grandchildId = (await r.runPass()).created.get(childId)!;
    const grandchild = (await runs.getRun(grandchildId))!;
    expect(grandchild).toMatchObject({ parentRunId: childId, rootRunId: root });
    expect(grandchild.tags['orrery/retry_number']).toBe('2');

    await failRun(grandchildId);
    expect((await r.runPass()).created.size).toBe(0);
    expect(await prisma.run.count({ where: { rootRunId: root } })).toBe(2);
  });

  it('two retriers racing create one child', async () => {
    const a = retrier();
    const b = retrier();
    await a.retrier.runPass();
    const runId = await queueRun(prisma);
    await failRun(runId);
    const [fromA, fromB] = await Promise.all([a.retrier.runPass(), b.retrier.runPass()]);
    expect(fromA.created.size + fromB.created.size).toBe(1);
    expect(await prisma.run.count({ where: { parentRunId: runId } })).toBe(1);
  });

  it('does not retry a step failure when retry_on_asset_or_op_failure is false, but retries a crash', async () => {
    const { retrier: r } = retrier({ retryOnAssetOrOpFailure: false });
    await r.runPass();
    const stepFailed = await queueRun(prisma);
    await failRun(stepFailed, 1, 'STEP_FAILURE');
    const crashed = await queueRun(prisma);
    await failRun(crashed, 1, 'UNEXPECTED_TERMINATION');
    const result = await r.runPass();
    expect([...result.created.keys()]).toEqual([crashed]);
    expect(result.examined).toBe(2);
  });

  it('retries FROM_FAILURE with the assets whose steps did not succeed', async () => {
    const { retrier: r } = retrier({ strategy: 'FROM_FAILURE' });
    await r.runPass();
    await prisma.snapshot.create({
      data: {
        snapshotId: 'snap-1',
        snapshotType: 'LOCATION',
        body: {
          assets: [
            { key: ['raw'], computation: { stepName: 'raw' } },
            { key: ['clean'], computation: { stepName: 'clean' } },
            { key: ['report'], computation: { stepName: 'report' } },
          ],
          jobs: [{ name: 'job', kind: 'asset_job', assetKeys: [['raw'], ['clean'], ['report']] }],
        },
      },
    });
    const parent = (await runs.createRun({ jobName: 'job', locationName: 'loc', snapshotId: 'snap-1' }, { type: 'RUN_ENQUEUED' })).runId;
    await runs.transitionStatus({ runId: parent, from: 'QUEUED', to: 'STARTING', incrementAttempt: true });
    await runs.transitionStatus({ runId: parent, from: 'STARTING', to: 'STARTED', attempt: 1 });
    const now = new Date();
    await prisma.eventLog.createMany({
      data: [
        { runId: parent, eventType: 'STEP_SUCCESS', stepKey: 'raw', timestamp: now, body: {} },
        { runId: parent, eventType: 'STEP_FAILURE', stepKey: 'clean', timestamp: now, body: {} },
        { runId: parent, eventType: 'STEP_SKIPPED', stepKey: 'report', timestamp: now, body: {} },
      ],
    });
    await runs.transitionStatus({ runId: parent, from: 'STARTED', to: 'FAILURE', failureReason: 'STEP_FAILURE' });

    const childId = (await r.runPass()).created.get(parent)!;
    const child = (await runs.getRun(childId))!;
    expect(child.snapshotId).toBe('snap-1');
    expect(child.body['assetSelection']).toEqual(['clean', 'report']);
    expect(child.body['reexecution']).toEqual({ parentRunId: parent, strategy: 'FROM_FAILURE' });
  });

  it('falls back to ALL_STEPS when the job\'s steps are unknown', async () => {
    const { retrier: r } = retrier({ strategy: 'FROM_FAILURE' });
    await r.runPass();
    const parent = await queueRun(prisma);
    await failRun(parent);
    const child = (await runs.getRun((await r.runPass()).created.get(parent)!))!;
    expect(child.body['reexecution']).toEqual({ parentRunId: parent, strategy: 'ALL_STEPS' });
  });
});
