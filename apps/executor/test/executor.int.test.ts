import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subjects } from '@orrery/contracts';
import { PrismaCodeLocationStore, PrismaConcurrencyStore } from '@orrery/db';
import { useTestDatabase, useTestNats, type SpawnedService } from '@orrery/testing';
import {
  connectInstance, eventTypes, launch, marksOf, startExecutor, startingRun, testWorkspace, waitForStatus, type Instance,
} from './support/executor-harness.js';

// The built executor as a real process against real Postgres and NATS: locations loaded and
// published, launches claimed once, runs executed to their end with events stored in order.
const database = useTestDatabase();
const nats = useTestNats();
const workspace = testWorkspace(nats.prefix, { fixture: 'test-location.ts', broken: 'broken-location.ts' });
let instance: Instance;
let executor: SpawnedService;

const announcements: unknown[] = [];

beforeAll(async () => {
  instance = await connectInstance(database, nats);
  instance.bus.subscribe(subjects.definitionsUpdated(), ({ location, snapshotId }) => {
    announcements.push({ location, snapshotId });
  });
  executor = await startExecutor({ database, nats, workspace });
}, 90_000);

afterAll(async () => {
  await executor?.stop('SIGTERM');
  await instance?.close();
});

describe('the executor', () => {
  it('publishes the loaded location and stores the broken one\'s error, serving the first', async () => {
    const store = new PrismaCodeLocationStore(instance.prisma);
    const fixture = await store.getState('fixture');
    expect(fixture?.error).toBeNull();
    expect(fixture?.snapshotId).toMatch(/^[0-9a-f]{64}$/);
    const snapshot = await store.getSnapshot(fixture!.snapshotId!);
    expect((snapshot?.['jobs'] as { name: string }[]).map((job) => job.name)).toContain('hello_job');

    const broken = await store.getState('broken');
    expect(broken?.snapshotId).toBeNull();
    expect(broken?.error?.message).toContain('the broken fixture location cannot load');

    const reply = await instance.bus.request(subjects.codeSnapshot('fixture'), {});
    expect(reply.ok && reply.result.snapshotId).toBe(fixture!.snapshotId);
  });

  it('records the location\'s schedules in jobs and announces the snapshot on definitions.updated', async () => {
    const schedules = await instance.prisma.job.findMany({ where: { locationName: 'fixture' }, orderBy: { name: 'asc' } });
    expect(schedules.map((row) => [row.name, row.jobType])).toEqual([['broken_schedule', 'SCHEDULE'], ['hourly_hello', 'SCHEDULE']]);
    expect(announcements).toEqual([{ location: 'fixture', snapshotId: (await new PrismaCodeLocationStore(instance.prisma).getState('fixture'))!.snapshotId }]);
  });

  it('answers code-location requests, and user code that throws with a typed error and its stack', async () => {
    const tick = await instance.bus.request(subjects.scheduleEvaluate('fixture'), { scheduleName: 'hourly_hello', scheduledAt: '2024-05-01T10:00:00.000Z' });
    expect(tick.ok && tick.result.runRequests.map((request) => request['jobName'])).toEqual(['hello_job']);

    const broken = await instance.bus.request(subjects.scheduleEvaluate('fixture'), { scheduleName: 'broken_schedule', scheduledAt: '2024-05-01T10:00:00.000Z' });
    expect(broken.ok).toBe(false);
    if (broken.ok) return;
    expect(broken.error.code).toBe('USER_CODE_ERROR');
    expect(broken.error.message).toContain('the broken schedule cannot decide');
    expect(JSON.stringify(broken.error)).toContain('test-location.ts');

    const partitions = await instance.bus.request(subjects.codePartitions('fixture'), { jobName: 'daily_job' });
    expect(partitions.ok && partitions.result.partitionKeys.slice(0, 2)).toEqual(['2024-01-01', '2024-01-02']);
  });

  it('runs a launched job to SUCCESS with its events stored in order and published live', async () => {
    const run = await startingRun(instance, { location: 'fixture', jobName: 'hello_job' });
    const live: string[] = [];
    const liveStarts: { storageId: string; body: Record<string, unknown> }[] = [];
    const subscription = instance.bus.subscribe(subjects.runEvents(run.runId), (event) => {
      live.push(event.type);
      if (event.type === 'RUN_START') liveStarts.push({ storageId: event.storageId, body: event.body });
    });
    await launch(instance, run);
    const done = await waitForStatus(instance, run.runId, ['SUCCESS', 'FAILURE']);
    expect(done.status).toBe('SUCCESS');
    expect(done.startedAt).not.toBeNull();
    expect(done.endedAt).not.toBeNull();

    const types = await eventTypes(instance, run.runId);
    expect(types[0]).toBe('RUN_ENQUEUED');
    expect(types.slice(1, 3)).toEqual(['RUN_STARTING', 'RUN_START']);
    expect(types.at(-1)).toBe('RUN_SUCCESS');
    expect(types.filter((type) => type === 'STEP_SUCCESS')).toHaveLength(2);
    expect(types.filter((type) => type === 'ASSET_MATERIALIZATION')).toHaveLength(2);
    expect(types.indexOf('STEP_START')).toBeGreaterThan(types.indexOf('RUN_START'));
    expect(marksOf(workspace, run.runId)).toEqual(['hello', 'world']);

    // Live followers got the run's start, its steps and its end.
    await expect.poll(() => live.at(-1)).toBe('RUN_SUCCESS');
    expect(live).toContain('STEP_SUCCESS');
    // Each live event carries its storage id: the RUN_START written by the claim, with its body.
    const stored = await instance.prisma.eventLog.findFirst({ where: { runId: run.runId, eventType: 'RUN_START' }, select: { id: true } });
    expect(liveStarts).toEqual([{ storageId: String(stored!.id), body: expect.objectContaining({ attempt: run.attempt, pid: expect.any(Number) }) }]);
    subscription.unsubscribe();
  });

  it('captures each step\'s stdout, stderr and log lines as compute logs, announced by LOGS_CAPTURED', async () => {
    const run = await startingRun(instance, { location: 'fixture', jobName: 'hello_job' });
    await launch(instance, run);
    await waitForStatus(instance, run.runId, ['SUCCESS']);
    const stdout = readFileSync(join(workspace.computeLogs, run.runId, 'hello.out'), 'utf8');
    const stderr = readFileSync(join(workspace.computeLogs, run.runId, 'hello.err'), 'utf8');
    expect(stdout).toContain('hello on stdout');
    expect(stderr).toContain('hello on stderr');
    expect(stderr).toContain('hello from the fixture');
    expect(stdout).not.toContain('hello on stderr');
    const captured = await instance.prisma.eventLog.findMany({ where: { runId: run.runId, eventType: 'LOGS_CAPTURED' }, select: { stepKey: true } });
    expect(captured.map((event) => event.stepKey).sort()).toEqual(['hello', 'world']);
  });

  it('runs each step body once when the same launch is delivered twice', async () => {
    const run = await startingRun(instance, { location: 'fixture', jobName: 'hello_job' });
    // A second publish through the bus is a JetStream duplicate (same msgID) and is dropped;
    // a raw publish without a msgID (a redelivery after the duplicate window) reaches the
    // executor as a second message, and the fenced claim refuses it.
    await launch(instance, run);
    await launch(instance, run);
    await publishRawLaunch(run);
    await waitForStatus(instance, run.runId, ['SUCCESS']);
    await expect.poll(() => executor.output().includes(`"runId":"${run.runId}","attempt":${run.attempt},"msg":"launch not claimed`), { timeout: 5_000 }).toBe(true);
    expect(marksOf(workspace, run.runId)).toEqual(['hello', 'world']);
    expect((await eventTypes(instance, run.runId)).filter((type) => type === 'RUN_START')).toHaveLength(1);
  });

  it('retries a step with a retry policy: two failures, then success', async () => {
    const run = await startingRun(instance, { location: 'fixture', jobName: 'flaky_job' });
    await launch(instance, run);
    const done = await waitForStatus(instance, run.runId, ['SUCCESS', 'FAILURE']);
    expect(done.status).toBe('SUCCESS');
    expect(marksOf(workspace, run.runId)).toEqual(['flaky#0', 'flaky#1', 'flaky#2']);
    const types = await eventTypes(instance, run.runId);
    expect(types.filter((type) => type === 'STEP_UP_FOR_RETRY')).toHaveLength(2);
    expect(types.filter((type) => type === 'STEP_RESTARTED')).toHaveLength(2);
  });

  it('materializes one partition of a partitioned asset', async () => {
    const run = await startingRun(instance, { location: 'fixture', jobName: 'daily_job', partitionKey: '2024-03-05' });
    await launch(instance, run);
    expect((await waitForStatus(instance, run.runId, ['SUCCESS', 'FAILURE'])).status).toBe('SUCCESS');
    expect(marksOf(workspace, run.runId)).toEqual(['daily:2024-03-05']);
    const materialization = await instance.prisma.eventLog.findFirst({ where: { runId: run.runId, eventType: 'ASSET_MATERIALIZATION' } });
    expect(materialization?.assetKey).toBe('daily');
    expect(materialization?.partition).toBe('2024-03-05');
  });

  it('cancels a running run within 5 s of the cancel request', async () => {
    const run = await startingRun(instance, { location: 'fixture', jobName: 'slow_job' });
    await launch(instance, run);
    await waitForStatus(instance, run.runId, ['STARTED']);
    await expect.poll(() => marksOf(workspace, run.runId), { timeout: 10_000 }).toEqual(['slow']);
    // As the api does: CANCELING in Postgres, then the cancel message.
    await instance.runs.transitionStatus({ runId: run.runId, from: 'STARTED', to: 'CANCELING' });
    const requestedAt = Date.now();
    instance.bus.publish(subjects.runCancel(run.runId), { runId: run.runId, requestedAt: new Date().toISOString() });
    const done = await waitForStatus(instance, run.runId, ['CANCELED', 'FAILURE', 'SUCCESS'], 10_000);
    expect(done.status).toBe('CANCELED');
    expect(Date.now() - requestedAt).toBeLessThan(5_000);
  });

  it('cancels a run found CANCELING by its heartbeat when the cancel message is lost', async () => {
    const run = await startingRun(instance, { location: 'fixture', jobName: 'slow_job' });
    await launch(instance, run);
    await waitForStatus(instance, run.runId, ['STARTED']);
    await instance.runs.transitionStatus({ runId: run.runId, from: 'STARTED', to: 'CANCELING' });
    expect((await waitForStatus(instance, run.runId, ['CANCELED', 'FAILURE', 'SUCCESS'], 10_000)).status).toBe('CANCELED');
  });

  it('cancels a run canceled while its launch waited in the queue, without running it', async () => {
    const run = await startingRun(instance, { location: 'fixture', jobName: 'hello_job' });
    await instance.runs.transitionStatus({ runId: run.runId, from: 'STARTING', to: 'CANCELING' });
    await launch(instance, run);
    expect((await waitForStatus(instance, run.runId, ['CANCELED', 'SUCCESS'])).status).toBe('CANCELED');
    expect(marksOf(workspace, run.runId)).toEqual([]);
  });

  it('fails a run that exceeds its orrery/max_runtime', async () => {
    const run = await startingRun(instance, { location: 'fixture', jobName: 'slow_job', tags: { 'orrery/max_runtime': '1' } });
    await launch(instance, run);
    const done = await waitForStatus(instance, run.runId, ['FAILURE', 'SUCCESS', 'CANCELED'], 10_000);
    expect(done.status).toBe('FAILURE');
    expect(done.failureReason).toBe('RUN_EXCEPTION');
    const failure = await instance.prisma.eventLog.findFirst({ where: { runId: run.runId, eventType: 'RUN_FAILURE' } });
    expect((failure?.body as { message?: string } | undefined)?.message).toContain('maximum runtime of 1 s');
    expect(done.endedAt!.getTime() - done.startedAt!.getTime()).toBeGreaterThanOrEqual(1_000);
  });

  it('refreshes the heartbeat of a running run', async () => {
    const run = await startingRun(instance, { location: 'fixture', jobName: 'slow_job' });
    await launch(instance, run);
    await waitForStatus(instance, run.runId, ['STARTED']);
    const beat = async () => (await instance.prisma.run.findUnique({ where: { runId: run.runId }, select: { heartbeatTime: true } }))?.heartbeatTime?.getTime() ?? 0;
    const first = await expect.poll(beat, { timeout: 5_000 }).toBeGreaterThan(0).then(beat);
    await expect.poll(beat, { timeout: 5_000 }).toBeGreaterThan(first);
    await instance.runs.transitionStatus({ runId: run.runId, from: 'STARTED', to: 'CANCELING' });
    await waitForStatus(instance, run.runId, ['CANCELED']);
  });

  it('runs the steps of a pool with limit 1 one at a time and frees the slot afterwards', async () => {
    await new PrismaConcurrencyStore(instance.prisma).setPoolLimit('shared', 1);
    const run = await startingRun(instance, { location: 'fixture', jobName: 'pooled_job' });
    await launch(instance, run);
    expect((await waitForStatus(instance, run.runId, ['SUCCESS', 'FAILURE'])).status).toBe('SUCCESS');
    const marks = marksOf(workspace, run.runId);
    expect(marks).toHaveLength(6);
    // Never two steps inside the pool at once: every start is followed by its own end.
    for (let index = 0; index < marks.length; index += 2) {
      expect(marks[index + 1]).toBe(marks[index]!.replace('start:', 'end:'));
    }
    const held = await instance.prisma.concurrencySlot.count({ where: { pool: 'shared', runId: { not: null } } });
    expect(held).toBe(0);
    expect(await instance.prisma.pendingStep.count({ where: { runId: run.runId } })).toBe(0);
  });

  it('fails a run of a location that failed to load, naming the load error', async () => {
    const run = await startingRun(instance, { location: 'broken', jobName: 'anything' });
    await launch(instance, run);
    const done = await waitForStatus(instance, run.runId, ['FAILURE', 'SUCCESS']);
    expect(done.failureReason).toBe('JOB_INITIALIZATION_FAILURE');
    const failure = await instance.prisma.eventLog.findFirst({ where: { runId: run.runId, eventType: 'RUN_FAILURE' } });
    expect((failure?.body as { message?: string } | undefined)?.message).toContain('the broken fixture location cannot load');
  });
});

/** A launch published straight to JetStream with no msgID, so it is not deduplicated. */
async function publishRawLaunch(run: { runId: string; attempt: number; jobName: string }): Promise<void> {
  const connection = await connect({ servers: nats.url });
  try {
    const payload = { v: 1, runId: run.runId, attempt: run.attempt, location: 'fixture', jobName: run.jobName, launchedAt: new Date().toISOString() };
    await jetstream(connection).publish(`${nats.prefix}.launch.fixture`, JSON.stringify(payload));
  } finally {
    await connection.close();
  }
}
