import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { IllegalRunTransitionError, InvalidNewRunError, RunNotFoundError, type RunStore, type EventLogStore } from '@orrery/core';
import { queuedRun, unique, type MakeStores } from './store-fixtures.js';

/**
 * The behaviour every RunStore must have (Dagster's TestRunStorage idea: one suite, every
 * storage). Declares a `describe` block; call it at the top level of a test file.
 */
export function runStoreContract(name: string, makeStores: MakeStores): void {
  describe(`RunStore contract: ${name}`, () => {
    let runs: RunStore;
    let events: EventLogStore;
    beforeAll(async () => {
      ({ runs, events } = await makeStores());
    });

    it('creates a queued run with its tags and its RUN_ENQUEUED event', async () => {
      const jobName = unique('job');
      const created = await runs.createRun(
        { jobName, tags: { 'orrery/priority': '5', team: 'data' }, body: { runConfig: { ops: { a: { config: { n: 1 } } } } }, partitionKey: '2024-01-01' },
        { type: 'RUN_ENQUEUED', message: 'submitted' },
      );
      expect(created.runId).toMatch(/^[0-9a-f-]{36}$/);
      expect(created).toMatchObject({ jobName, status: 'QUEUED', attempt: 0, partitionKey: '2024-01-01', failureReason: null });
      expect(await runs.getRun(created.runId)).toEqual(created);
      expect(created.tags).toEqual({ 'orrery/priority': '5', team: 'data' });
      expect(created.body.runConfig).toEqual({ ops: { a: { config: { n: 1 } } } });
      const stored = await events.readRunEvents(created.runId);
      expect(stored.map((event) => [event.type, event.message])).toEqual([['RUN_ENQUEUED', 'submitted']]);
    });

    it('refuses a queued run without RUN_ENQUEUED and a run born in a later status', async () => {
      const runId = randomUUID();
      await expect(runs.createRun({ runId, jobName: 'j' })).rejects.toThrow(InvalidNewRunError);
      await expect(runs.createRun({ jobName: 'j', status: 'STARTED' })).rejects.toThrow(InvalidNewRunError);
      expect(await runs.getRun(runId)).toBeNull();
    });

    it('keeps a given run id and rejects a second run with it', async () => {
      const runId = randomUUID();
      const run = await runs.createRun({ runId, jobName: unique('job'), status: 'NOT_STARTED' });
      expect(run.runId).toBe(runId);
      await expect(runs.createRun({ runId, jobName: 'other', status: 'NOT_STARTED' })).rejects.toThrow();
      expect((await runs.getRun(runId))?.jobName).toBe(run.jobName);
    });

    it('returns null for unknown and malformed run ids', async () => {
      expect(await runs.getRun(randomUUID())).toBeNull();
      expect(await runs.getRun('not-a-run-id')).toBeNull();
    });

    it('filters runs by status, job, tags, backfill, ids and creation time', async () => {
      const jobName = unique('job');
      const backfillId = unique('bf');
      const a = await queuedRun(runs, jobName, { tags: { team: 'a', tier: '1' } });
      const b = await queuedRun(runs, jobName, { tags: { team: 'a', tier: '2' }, backfillId });
      const c = await runs.createRun({ jobName, status: 'NOT_STARTED', tags: { team: 'b' } });
      const ids = (page: { runs: { runId: string }[] }) => page.runs.map((run) => run.runId);
      const all = { limit: 100 };
      expect(ids(await runs.listRuns({ jobName }, all))).toEqual([c.runId, b.runId, a.runId]);
      expect(ids(await runs.listRuns({ jobName, statuses: ['QUEUED'] }, all))).toEqual([b.runId, a.runId]);
      expect(ids(await runs.listRuns({ jobName, statuses: [] }, all))).toEqual([]);
      expect(ids(await runs.listRuns({ jobName, tags: { team: 'a' } }, all))).toEqual([b.runId, a.runId]);
      expect(ids(await runs.listRuns({ jobName, tags: { team: 'a', tier: '1' } }, all))).toEqual([a.runId]);
      expect(ids(await runs.listRuns({ backfillId }, all))).toEqual([b.runId]);
      expect(ids(await runs.listRuns({ runIds: [a.runId, c.runId, 'junk'] }, all))).toEqual([c.runId, a.runId]);
      expect(ids(await runs.listRuns({ jobName, createdAfter: new Date(a.createdAt.getTime() - 1) }, all))).toContain(a.runId);
      expect(ids(await runs.listRuns({ jobName, createdBefore: a.createdAt }, all))).toEqual([]);
    });

    it('pages newest first with a cursor until nextCursor is null', async () => {
      const jobName = unique('job');
      const created = [];
      for (let i = 0; i < 5; i++) created.push((await queuedRun(runs, jobName)).runId);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await runs.listRuns({ jobName }, { limit: 2, cursor });
        seen.push(...page.runs.map((run) => run.runId));
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual(created.reverse());
      await expect(runs.listRuns({ jobName }, { limit: 2, cursor: randomUUID() })).rejects.toThrow(RunNotFoundError);
    });

    it('applies a legal transition once, with its event, and reports a stale one as not applied', async () => {
      const run = await queuedRun(runs, unique('job'));
      const first = await runs.transitionStatus({
        runId: run.runId, from: 'QUEUED', to: 'STARTING', incrementAttempt: true, event: { message: 'launching' },
      });
      expect(first.applied).toBe(true);
      expect(first.run).toMatchObject({ status: 'STARTING', attempt: 1 });
      expect(first.eventId).not.toBeNull();
      const again = await runs.transitionStatus({ runId: run.runId, from: 'QUEUED', to: 'STARTING', incrementAttempt: true });
      expect(again).toMatchObject({ applied: false, eventId: null, run: { status: 'STARTING', attempt: 1 } });
      const stored = await events.readRunEvents(run.runId);
      expect(stored.map((event) => event.type)).toEqual(['RUN_ENQUEUED', 'RUN_STARTING']);
      expect(stored[1]).toMatchObject({ id: first.eventId, message: 'launching' });
    });

    it('fences on the attempt and records start, end and failure reason', async () => {
      const run = await queuedRun(runs, unique('job'));
      await runs.transitionStatus({ runId: run.runId, from: 'QUEUED', to: 'STARTING', incrementAttempt: true });
      const stale = await runs.transitionStatus({ runId: run.runId, from: 'STARTING', to: 'STARTED', attempt: 0 });
      expect(stale.applied).toBe(false);
      const startedAt = new Date('2030-01-02T03:04:05.678Z');
      const started = await runs.transitionStatus({
        runId: run.runId, from: 'STARTING', to: 'STARTED', attempt: 1, event: { timestamp: startedAt },
      });
      expect(started.run).toMatchObject({ status: 'STARTED', startedAt, endedAt: null });
      const failed = await runs.transitionStatus({
        runId: run.runId, from: ['STARTED', 'CANCELING'], to: 'FAILURE', failureReason: 'STEP_FAILURE',
      });
      expect(failed.run).toMatchObject({ status: 'FAILURE', failureReason: 'STEP_FAILURE' });
      expect(failed.run?.endedAt).toBeInstanceOf(Date);
    });

    it('throws on an illegal transition and changes nothing', async () => {
      const run = await queuedRun(runs, unique('job'));
      await expect(runs.transitionStatus({ runId: run.runId, from: 'QUEUED', to: 'SUCCESS' })).rejects.toThrow(
        IllegalRunTransitionError,
      );
      await expect(runs.transitionStatus({ runId: run.runId, from: ['QUEUED', 'SUCCESS'], to: 'CANCELED' })).rejects.toThrow(
        IllegalRunTransitionError,
      );
      expect((await runs.getRun(run.runId))?.status).toBe('QUEUED');
      expect(await events.readRunEvents(run.runId)).toHaveLength(1);
    });

    it('lets exactly one of many concurrent identical transitions apply', async () => {
      const run = await queuedRun(runs, unique('job'));
      const results = await Promise.all(
        Array.from({ length: 8 }, () =>
          runs.transitionStatus({ runId: run.runId, from: 'QUEUED', to: 'STARTING', incrementAttempt: true }),
        ),
      );
      expect(results.filter((result) => result.applied)).toHaveLength(1);
      expect((await runs.getRun(run.runId))?.attempt).toBe(1);
      expect(await events.readRunEvents(run.runId, { types: ['RUN_STARTING'] })).toHaveLength(1);
    });

    it('reports an unknown run as not applied', async () => {
      expect(await runs.transitionStatus({ runId: randomUUID(), from: 'QUEUED', to: 'CANCELED' })).toEqual({
        applied: false, run: null, eventId: null,
      });
    });
  });
}
