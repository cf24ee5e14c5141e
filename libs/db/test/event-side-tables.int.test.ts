// PrismaEventLogStore.appendBatch side tables against real Postgres: asset_event_tags and
// asset_check_executions. The events are shaped as libs/engine emits them
// (run/asset-step.ts, run/check-step.ts, run/asset-job.ts announcePlanned).
import type { JsonObject, NewEvent } from '@orrery/core';
import { useTestDatabase } from '@orrery/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASSET_EVENT_TAG_KEYS, createPrismaClient, PrismaEventLogStore, PrismaRunStore, type PrismaClient } from '../src/index.js';

const database = useTestDatabase();
let prisma: PrismaClient;
let events: PrismaEventLogStore;

beforeAll(() => {
  prisma = createPrismaClient({ url: database.url, poolSize: 4 });
  events = new PrismaEventLogStore(prisma);
});

afterAll(async () => {
  await prisma.$disconnect();
});

async function newRun(): Promise<string> {
  return (await new PrismaRunStore(prisma).createRun({ jobName: 'side-tables' }, { type: 'RUN_ENQUEUED' })).runId;
}

const asset = 'weather/daily';
const checkStep = `check:${asset}:rows_present`;

function planned(runId: string, partition: string | null): NewEvent {
  return { runId, type: 'ASSET_CHECK_EVALUATION_PLANNED', stepKey: checkStep, assetKey: asset, partition, message: `${checkStep} planned` };
}

function evaluation(runId: string, passed: boolean, fields: Partial<NewEvent> = {}, extra: JsonObject = {}): NewEvent {
  return {
    runId, type: 'ASSET_CHECK_EVALUATION', stepKey: checkStep, assetKey: asset, level: passed ? 'INFO' : 'ERROR',
    message: `check ${asset}:rows_present ${passed ? 'passed' : 'failed'}`,
    data: { checkName: 'rows_present', passed, severity: 'ERROR', blocking: true, metadata: { rows: { type: 'int', value: 3 } }, ...extra },
    ...fields,
  };
}

async function checkRows(runId: string) {
  return await prisma.assetCheckExecution.findMany({ where: { runId }, orderBy: [{ partition: 'asc' }, { id: 'asc' }] });
}

describe('appendBatch: asset_event_tags', () => {
  it('stores the data version, code version and data.tags of materializations and observations', async () => {
    const runId = await newRun();
    const [materialization, observation, log] = await events.appendBatch([
      {
        runId, type: 'ASSET_MATERIALIZATION', stepKey: 'daily', assetKey: asset, partition: '2024-01-01',
        data: { metadata: {}, dataVersion: 'v7', codeVersion: '3', tags: { owner: 'ml', rows: 12, nested: { no: 'tag' } } },
      },
      { runId, type: 'ASSET_OBSERVATION', stepKey: 'source', assetKey: 'raw/source', data: { dataVersion: 'etag-1', metadata: {} } },
      { runId, type: 'LOG_MESSAGE', stepKey: 'daily', data: { dataVersion: 'not an asset event' } },
    ]);
    const tags = await prisma.assetEventTag.findMany({ where: { event: { runId } }, orderBy: { id: 'asc' } });
    expect(tags.map((tag) => [tag.eventId, tag.assetKey, tag.key, tag.value])).toEqual([
      [materialization!.id, asset, ASSET_EVENT_TAG_KEYS.dataVersion, 'v7'],
      [materialization!.id, asset, ASSET_EVENT_TAG_KEYS.codeVersion, '3'],
      [materialization!.id, asset, 'owner', 'ml'],
      [materialization!.id, asset, 'rows', '12'],
      [observation!.id, 'raw/source', ASSET_EVENT_TAG_KEYS.dataVersion, 'etag-1'],
    ]);
    expect(tags[0]!.eventTime).toEqual(materialization!.timestamp);
    expect(log!.type).toBe('LOG_MESSAGE');
  });

  it('writes no tags for an asset event without versions or tags', async () => {
    const runId = await newRun();
    const [record] = await events.appendBatch([{ runId, type: 'ASSET_MATERIALIZATION', stepKey: 'plain', assetKey: 'plain', data: { metadata: {} } }]);
    expect(await prisma.assetEventTag.count({ where: { eventId: record!.id } })).toBe(0);
    // The asset_keys pointer is still written with the batch.
    expect((await prisma.assetKey.findUnique({ where: { assetKey: 'plain' } }))?.lastMaterializationEventId).toBe(record!.id);
  });
});

describe('appendBatch: asset_check_executions', () => {
  it('records PLANNED rows, then turns every partition of the run to SUCCEEDED with the evaluation', async () => {
    const runId = await newRun();
    await events.appendBatch([planned(runId, '2024-01-01'), planned(runId, '2024-01-02')]);
    let rows = await checkRows(runId);
    expect(rows.map((row) => [row.checkName, row.partition, row.status])).toEqual([
      ['rows_present', '2024-01-01', 'PLANNED'],
      ['rows_present', '2024-01-02', 'PLANNED'],
    ]);

    const [evaluated] = await events.appendBatch([evaluation(runId, true)]);
    rows = await checkRows(runId);
    expect(rows.map((row) => [row.partition, row.status])).toEqual([['2024-01-01', 'SUCCEEDED'], ['2024-01-02', 'SUCCEEDED']]);
    for (const row of rows) {
      expect(row.evaluationEventId).toBe(evaluated!.id);
      expect(row.evaluation).toEqual(evaluated!.data);
      expect(row.evaluationTime).toEqual(evaluated!.timestamp);
      expect(row.materializationEventId).toBeNull();
    }
  });

  it('updates only the named partition, within the same batch as its planned event', async () => {
    const runId = await newRun();
    const otherRun = await newRun();
    const records = await events.appendBatch([
      planned(runId, 'a'), planned(runId, 'b'), planned(otherRun, 'a'),
      evaluation(runId, false, { partition: 'a' }),
    ]);
    const rows = await checkRows(runId);
    expect(rows.map((row) => [row.partition, row.status])).toEqual([['a', 'FAILED'], ['b', 'PLANNED']]);
    expect(rows[0]!.evaluationEventId).toBe(records[3]!.id);
    expect((await checkRows(otherRun)).map((row) => row.status)).toEqual(['PLANNED']);
  });

  it('inserts an evaluation that was never planned, with the materialization the data names', async () => {
    const runId = await newRun();
    const [materialization] = await events.appendBatch([{ runId, type: 'ASSET_MATERIALIZATION', stepKey: 'daily', assetKey: asset, data: { metadata: {} } }]);
    // An asset function's own check: reported from the asset step, never announced.
    const [evaluated] = await events.appendBatch([
      evaluation(runId, true, { stepKey: 'daily' }, { materializationEventId: materialization!.id.toString() }),
    ]);
    const rows = await checkRows(runId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      assetKey: asset, checkName: 'rows_present', partition: null, status: 'SUCCEEDED',
      evaluationEventId: evaluated!.id, materializationEventId: materialization!.id,
    });
  });

  it('leaves out an evaluation whose check it cannot name', async () => {
    const runId = await newRun();
    const [record] = await events.appendBatch([evaluation(runId, true, { stepKey: 'daily' }, { checkName: null })]);
    expect(record!.type).toBe('ASSET_CHECK_EVALUATION');
    expect(await checkRows(runId)).toEqual([]);
  });
});
