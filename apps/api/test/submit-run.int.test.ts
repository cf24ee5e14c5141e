import { subjects } from '@orrery/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApi } from './support/api-fixture.js';
import { lakeDefinitions, warehouseDefinitions } from './support/definitions.js';

const api = useApi();
const warehouse = warehouseDefinitions();

beforeAll(async () => {
  await api.publishLocation('warehouse', warehouse);
  await api.publishLocation('lake', lakeDefinitions());
  await api.prisma.dynamicPartition.createMany({ data: [{ definitionName: 'customers', partition: 'acme' }, { definitionName: 'customers', partition: 'globex' }] });
});

const submit = (payload: Record<string, unknown>) => api.app.inject({ method: 'POST', url: '/runs', payload });

async function rejected(payload: Record<string, unknown>, status = 400): Promise<{ code: string; message: string }> {
  const response = await submit(payload);
  expect(response.statusCode, response.body).toBe(status);
  return response.json();
}

describe('POST /runs: a job', () => {
  it('queues the run with its job, location, snapshot, merged config, tags and RUN_ENQUEUED, and wakes the run-launcher', async () => {
    const queued = await api.collect(subjects.runQueued());
    const response = await submit({
      job: 'daily_orders',
      partitionKey: '2024-06-03',
      runConfig: { ops: { orders_clean: { config: { label: 'nightly' } } } },
      tags: { owner: 'me', 'orrery/priority': '7' },
    });
    expect(response.statusCode, response.body).toBe(201);
    const run = response.json();
    expect(run).toMatchObject({
      jobName: 'daily_orders',
      status: 'QUEUED',
      locationName: 'warehouse',
      snapshotId: warehouse.snapshotId,
      partitionKey: '2024-06-03',
      parentRunId: null,
      body: { runConfig: { ops: { orders_clean: { config: { minAmount: 5, label: 'nightly' } } } } },
      // The job's tags lie under the user's; system tags go on top.
      tags: { owner: 'me', 'orrery/priority': '7', 'orrery/partition': '2024-06-03' },
    });
    expect(run.body.assetSelection).toBeUndefined();

    const stored = await api.runs.getRun(run.runId);
    expect(stored?.status).toBe('QUEUED');
    const events = await api.events.readRunEvents(run.runId);
    expect(events.map((event) => event.type)).toEqual(['RUN_ENQUEUED']);
    await expect.poll(() => queued.map((message) => message.runId)).toEqual([run.runId]);
  });

  it('overrides the job default config and names the failing path of a bad one', async () => {
    const ok = await submit({ job: 'daily_orders', partitionKey: '2024-06-03', runConfig: { ops: { orders_clean: { config: { minAmount: 9 } } } } });
    expect(ok.json().body.runConfig).toEqual({ ops: { orders_clean: { config: { minAmount: 9 } } } });

    const wrongType = await rejected({ job: 'daily_orders', partitionKey: '2024-06-03', runConfig: { ops: { orders_clean: { config: { minAmount: 'lots' } } } } });
    expect(wrongType.message).toContain('body.runConfig.ops.orders_clean.config.minAmount: must be number');
    const unknownOp = await rejected({ job: 'daily_orders', partitionKey: '2024-06-03', runConfig: { ops: { typo: {} } } });
    expect(unknownOp.message).toContain('body.runConfig.ops.typo: is not a known field');
  });

  it('picks the one location that has the job, and asks for one when several do', async () => {
    expect((await submit({ job: 'ingest' })).json().locationName).toBe('warehouse');
    const ambiguous = await rejected({ job: 'shared_job' });
    expect(ambiguous.message).toBe('body.location: job shared_job is in several code locations (lake, warehouse); name one');
    const chosen = await submit({ job: 'shared_job', location: 'lake' });
    expect(chosen.statusCode).toBe(201);
    expect(chosen.json()).toMatchObject({ locationName: 'lake', partitionKey: null });
  });

  it('answers 404 for an unknown job or location, and 400 for a body without a target', async () => {
    expect(await rejected({ job: 'nope' }, 404)).toEqual({ code: 'JOB_NOT_FOUND', message: 'no code location has a job named nope', details: { job: 'nope', location: null } });
    expect((await rejected({ job: 'ingest', location: 'lake' }, 404)).code).toBe('JOB_NOT_FOUND');
    expect((await rejected({ job: 'ingest', location: 'moon' }, 404)).code).toBe('NOT_FOUND');
    expect((await rejected({})).message).toBe('body.job: give a job, an assetSelection, or both');
    expect((await rejected({ job: 'ingest', extra: 1 })).message).toBe('body.extra: is not a known field');
    expect((await rejected({ job: 42 })).message).toMatch(/^body\.job: /);
  });
});

describe('POST /runs: asset selections', () => {
  it('runs a subset of an asset job, stored as sorted a/b keys', async () => {
    const response = await submit({ job: 'daily_orders', assetSelection: 'key:orders_clean+', partitionKey: '2024-06-02' });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().body.assetSelection).toEqual(['orders_clean', 'report']);
  });

  it('rejects selections outside the job, of external or unknown assets, of op jobs, or with bad syntax', async () => {
    expect((await rejected({ job: 'daily_orders', assetSelection: 'key:region_sales', partitionKey: '2024-06-02' })).message).toBe(
      'body.assetSelection: selects assets outside job daily_orders: region_sales',
    );
    expect((await rejected({ assetSelection: 'key:crm/customers', location: 'warehouse' })).message).toContain('external assets');
    expect((await rejected({ job: 'daily_orders', assetSelection: 'key:ghost', partitionKey: '2024-06-02' })).message).toContain('ghost');
    expect((await rejected({ job: 'ingest', assetSelection: 'key:report' })).message).toBe('body.assetSelection: job ingest is an op job: it takes no asset selection');
    expect((await rejected({ job: 'daily_orders', assetSelection: 'key:(' })).message).toMatch(/^body\.assetSelection: /);
  });

  it('runs a selection without a job as the implicit asset job of the one location that has the assets', async () => {
    const response = await submit({ assetSelection: 'key:big' });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ jobName: '__ASSET_JOB', locationName: 'warehouse', body: { runConfig: {}, assetSelection: ['big'] } });
  });

  it('gives the implicit job the partitions and config schema of the selected assets', async () => {
    const noPartition = await rejected({ assetSelection: 'key:orders_clean' });
    expect(noPartition.message).toBe('body.partitionKey: job __ASSET_JOB is partitioned: give partitionKey or partitionRange');
    const noConfig = await rejected({ assetSelection: 'key:orders_clean', partitionKey: '2024-06-02' });
    expect(noConfig.message).toContain('body.runConfig.ops: is required');
    const ok = await submit({ assetSelection: 'key:orders_clean', partitionKey: '2024-06-02', runConfig: { ops: { orders_clean: { config: { minAmount: 1 } } } } });
    expect(ok.statusCode, ok.body).toBe(201);
    expect((await rejected({ assetSelection: 'key:orders_clean or key:region_sales', partitionKey: 'eu' })).message).toContain('different partitions definitions');
    expect((await rejected({ assetSelection: 'key:nothing_here' })).message).toBe('body.assetSelection: selects no asset in any code location');
  });
});

describe('POST /runs: partitions', () => {
  it('checks keys against time-window, static and dynamic definitions', async () => {
    expect((await submit({ job: 'region_job', partitionKey: 'eu' })).statusCode).toBe(201);
    expect((await rejected({ job: 'region_job', partitionKey: 'asia' })).message).toBe('body.partitionKey: "asia" is not a partition of job region_job');
    expect((await submit({ job: 'customer_job', partitionKey: 'globex' })).statusCode).toBe(201);
    expect((await rejected({ job: 'customer_job', partitionKey: 'initech' })).message).toContain('"initech" is not a partition');
    // The api's clock is 2024-06-10 12:00 UTC: the day of 2024-06-10 has not ended yet.
    expect((await rejected({ job: 'daily_orders', partitionKey: '2024-06-10' })).message).toContain('"2024-06-10" is not a partition');
    expect((await rejected({ job: 'daily_orders', partitionKey: 'June 3rd' })).message).toMatch(/^body\.partitionKey: /);
    expect((await rejected({ job: 'ingest', partitionKey: 'eu' })).message).toBe('body.partitionKey: job ingest is not partitioned');
  });

  it('stores a range in the body and as range tags, with no partition key', async () => {
    const response = await submit({ job: 'daily_orders', partitionRange: { start: '2024-06-01', end: '2024-06-04' } });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({
      partitionKey: null,
      body: { partitionKeyRange: { start: '2024-06-01', end: '2024-06-04' } },
      tags: { 'orrery/asset_partition_range_start': '2024-06-01', 'orrery/asset_partition_range_end': '2024-06-04' },
    });
    expect(response.json().tags['orrery/partition']).toBeUndefined();
  });

  it('rejects a backwards range, a range end that does not exist, and a key with a range', async () => {
    expect((await rejected({ job: 'daily_orders', partitionRange: { start: '2024-06-04', end: '2024-06-01' } })).message).toMatch(/^body\.partitionRange: .*starts after it ends/);
    expect((await rejected({ job: 'daily_orders', partitionRange: { start: '2024-06-01', end: '2024-07-01' } })).message).toMatch(/^body\.partitionRange\.end: /);
    expect((await rejected({ job: 'region_job', partitionKey: 'eu', partitionRange: { start: 'eu', end: 'us' } })).message).toContain('not both');
  });
});

describe('POST /runs: tags', () => {
  it('refuses system tags a user may not set', async () => {
    const error = await rejected({ job: 'ingest', tags: { 'orrery/partition': 'x' } });
    expect(error.message).toMatch(/^body\.tags\.orrery\/partition: tags under orrery\/ are set by Orrery/);
    expect((await rejected({ job: 'ingest', tags: { 'orrery/priority': 'high' } })).message).toBe('body.tags.orrery/priority: "high" is not an integer');
    expect((await rejected({ job: 'ingest', tags: { team: 3 } })).message).toMatch(/^body\.tags\.team: /);
  });
});
