import { beforeAll, describe, expect, it } from 'vitest';
import type { EventLogStore, NewEvent, RunStore } from '@orrery/core';
import { queuedRun, unique, type MakeStores } from './store-fixtures.js';

/**
 * The behaviour every EventLogStore must have. Declares a `describe` block; call it at the
 * top level of a test file.
 */
export function eventLogStoreContract(name: string, makeStores: MakeStores): void {
  describe(`EventLogStore contract: ${name}`, () => {
    let runs: RunStore;
    let events: EventLogStore;
    beforeAll(async () => {
      ({ runs, events } = await makeStores());
    });

    it('appends a batch, returns increasing ids in input order, and reads every field back', async () => {
      const run = await queuedRun(runs, unique('job'));
      const timestamp = new Date('2031-05-06T07:08:09.123Z');
      const batch: NewEvent[] = [
        { runId: run.runId, type: 'STEP_START', stepKey: 'a', timestamp, message: 'start a' },
        { runId: run.runId, type: 'LOG_MESSAGE', stepKey: 'a', level: 'WARNING', message: 'careful', data: { n: [1, { x: null }] } },
        { runId: run.runId, type: 'ASSET_MATERIALIZATION', stepKey: 'a', assetKey: 'sales/daily', partition: '2024-01-01' },
      ];
      const ids = await events.appendEvents(batch);
      expect(ids).toHaveLength(3);
      expect(ids[0]! < ids[1]! && ids[1]! < ids[2]!).toBe(true);
      const stored = (await events.readRunEvents(run.runId)).slice(1); // after RUN_ENQUEUED
      expect(stored.map((event) => event.id)).toEqual(ids);
      expect(stored[0]).toMatchObject({ type: 'STEP_START', stepKey: 'a', timestamp, level: 'INFO', message: 'start a', data: {} });
      expect(stored[1]).toMatchObject({ type: 'LOG_MESSAGE', level: 'WARNING', message: 'careful', data: { n: [1, { x: null }] } });
      expect(stored[2]).toMatchObject({ assetKey: 'sales/daily', partition: '2024-01-01', runId: run.runId });
      expect(await events.appendEvents([])).toEqual([]);
    });

    it('stores a large batch in one call, in order', async () => {
      const run = await queuedRun(runs, unique('job'));
      const batch: NewEvent[] = Array.from({ length: 3000 }, (_, i) => ({
        runId: run.runId, type: 'LOG_MESSAGE', message: `line ${i}`,
      }));
      const ids = await events.appendEvents(batch);
      expect(ids).toHaveLength(3000);
      const stored = await events.readRunEvents(run.runId, { after: ids[0]! - 1n, limit: 10_000 });
      expect(stored.map((event) => event.message)).toEqual(batch.map((event) => event.message));
    });

    it('pages a run after a cursor and filters by type', async () => {
      const run = await queuedRun(runs, unique('job'));
      const ids = await events.appendEvents(
        ['STEP_START', 'LOG_MESSAGE', 'STEP_SUCCESS', 'LOG_MESSAGE'].map((type) => ({ runId: run.runId, type }) as NewEvent),
      );
      const page = await events.readRunEvents(run.runId, { after: ids[0], limit: 2 });
      expect(page.map((event) => event.id)).toEqual([ids[1], ids[2]]);
      const logs = await events.readRunEvents(run.runId, { types: ['LOG_MESSAGE'] });
      expect(logs.map((event) => event.id)).toEqual([ids[1], ids[3]]);
      expect(await events.readRunEvents(run.runId, { after: ids[3] })).toEqual([]);
    });

    it('reads by asset key, partition and type across runs, both directions', async () => {
      const assetKey = unique('asset');
      const [one, two] = [await queuedRun(runs, unique('job')), await queuedRun(runs, unique('job'))];
      const ids = await events.appendEvents([
        { runId: one.runId, type: 'ASSET_MATERIALIZATION', assetKey, partition: 'p1' },
        { runId: two.runId, type: 'ASSET_MATERIALIZATION', assetKey, partition: 'p2' },
        { runId: null, type: 'ASSET_OBSERVATION', assetKey, partition: 'p1' },
        { runId: two.runId, type: 'ASSET_MATERIALIZATION', assetKey: unique('other') },
      ]);
      const idsOf = (list: { id: bigint }[]) => list.map((event) => event.id);
      expect(idsOf(await events.readEvents({ assetKey }))).toEqual(ids.slice(0, 3));
      expect(idsOf(await events.readEvents({ assetKey, partition: 'p1' }))).toEqual([ids[0], ids[2]]);
      expect(idsOf(await events.readEvents({ assetKey, types: ['ASSET_MATERIALIZATION'] }))).toEqual([ids[0], ids[1]]);
      const latest = await events.readEvents({ assetKey, types: ['ASSET_MATERIALIZATION'] }, { descending: true, limit: 1 });
      expect(latest.map((event) => [event.id, event.runId])).toEqual([[ids[1], two.runId]]);
      expect(idsOf(await events.readEvents({ assetKey }, { after: ids[0], before: ids[2] }))).toEqual([ids[1]]);
      const observed = await events.readEvents({ types: ['ASSET_OBSERVATION'] }, { after: ids[0] });
      expect(observed.map((event) => [event.assetKey, event.runId])).toContainEqual([assetKey, null]);
    });

    it('refuses queries that would scan the whole log', async () => {
      await expect(events.readEvents({})).rejects.toThrow(/assetKey or types/);
      await expect(events.readEvents({ partition: 'p', types: ['ASSET_MATERIALIZATION'] })).rejects.toThrow(/partition/);
    });
  });
}
