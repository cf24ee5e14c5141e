import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, useTestNats } from '@orrery/testing';
import { eventTypesOf, exampleLocation, fixtureLocation, FINISHED, startStack, submitRun, waitForRun, type Stack } from './stack.js';

// Submit → queue → launch → execute, through the built api, run-launcher and executor.
const database = useTestDatabase();
const nats = useTestNats();
let stack: Stack;
const files = mkdtempSync(join(tmpdir(), 'orrery-run-path-'));
const landing = join(files, 'landing');
mkdirSync(landing, { recursive: true });

beforeAll(async () => {
  stack = await startStack({
    database, natsUrl: nats.url, prefix: nats.prefix,
    locations: { fixture: fixtureLocation, my_orrery_project: exampleLocation },
    config: [
      'run_coordinator:',
      '  max_concurrent_runs: 2',
      '  dequeue_interval_ms: 200',
      '  tag_concurrency_limits:',
      '    - key: database',
      '      value: warehouse',
      '      limit: 1',
      '',
    ].join('\n'),
    // The example's file-based inputs and outputs, in a directory of this test.
    // Every variable of the example's .env.example; empty ones select its offline defaults.
    env: {
      ORRERY_DATA_DIR: join(files, 'storage'), LANDING_DIR: landing, WAREHOUSE_DIR: join(files, 'warehouse'), OBJECT_STORE_DIR: join(files, 'objects'),
      WEATHER_DATA_DIR: '', SHOP_API_URL: '', SHOP_API_TOKEN: '', WAREHOUSE_DATABASE_URL: '',
      S3_ENDPOINT: '', S3_REGION: '', S3_ACCESS_KEY_ID: '', S3_SECRET_ACCESS_KEY: '', S3_FORCE_PATH_STYLE: '',
    },
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('the run path', () => {
  it('runs the example data_pipeline job to SUCCESS with its events in order', async () => {
    writeFileSync(join(landing, 'orders-2024-05-01.csv'), 'order_id,customer_id,amount,currency,status,created_at\no-1,c-1,12.50,EUR,paid,2024-05-01T10:00:00Z\n');
    const run = await submitRun(stack, {
      job: 'data_pipeline',
      runConfig: { ops: { extract_orders: { config: { source: 'file', file: 'orders-2024-05-01.csv' } } } },
    });
    expect(run.status).toBe('QUEUED');
    const done = await waitForRun(stack, run.runId, FINISHED, 30_000);
    const events = await eventTypesOf(stack, run.runId);
    const failures = await stack.prisma.eventLog.findMany({ where: { runId: run.runId, eventType: { in: ['RUN_FAILURE', 'RESOURCE_INIT_FAILURE', 'STEP_FAILURE'] } } });
    expect(done.status, JSON.stringify(failures.map((failure) => failure.body))).toBe('SUCCESS');
    const lifecycle = events.filter((event) => event.type.startsWith('RUN_')).map((event) => event.type);
    expect(lifecycle).toEqual(['RUN_ENQUEUED', 'RUN_STARTING', 'RUN_START', 'RUN_SUCCESS']);
    const stepSuccesses = events.filter((event) => event.type === 'STEP_SUCCESS').map((event) => event.stepKey);
    expect(stepSuccesses).toEqual(['extract_orders', 'transform_orders', 'load_orders']);
    // Each step starts after the one it depends on succeeded.
    const index = (type: string, step: string) => events.findIndex((event) => event.type === type && event.stepKey === step);
    expect(index('STEP_START', 'transform_orders')).toBeGreaterThan(index('STEP_SUCCESS', 'extract_orders'));
    expect(index('STEP_START', 'load_orders')).toBeGreaterThan(index('STEP_SUCCESS', 'transform_orders'));
  });

  it('retries a step with a retry policy that fails twice, then succeeds', async () => {
    const run = await submitRun(stack, { job: 'flaky_job', location: 'fixture' });
    expect((await waitForRun(stack, run.runId, FINISHED)).status).toBe('SUCCESS');
    const types = (await eventTypesOf(stack, run.runId)).map((event) => event.type);
    expect(types.filter((type) => type === 'STEP_UP_FOR_RETRY')).toHaveLength(2);
  });

  it('materializes the requested partition of a partitioned asset', async () => {
    const run = await submitRun(stack, { job: 'daily_job', location: 'fixture', partitionKey: '2024-02-29' });
    expect((await waitForRun(stack, run.runId, FINISHED)).status).toBe('SUCCESS');
    const materialization = await stack.prisma.eventLog.findFirst({ where: { runId: run.runId, eventType: 'ASSET_MATERIALIZATION' } });
    expect(materialization?.partition).toBe('2024-02-29');
  });

  it('cancels a running run through POST /runs/:id/cancel', async () => {
    const run = await submitRun(stack, { job: 'slow_job', location: 'fixture' });
    await waitForRun(stack, run.runId, ['STARTED']);
    const response = await fetch(`${stack.apiBase}/runs/${run.runId}/cancel`, { method: 'POST' });
    expect(response.status).toBe(200);
    const canceledAt = Date.now();
    expect((await waitForRun(stack, run.runId, [...FINISHED], 10_000)).status).toBe('CANCELED');
    expect(Date.now() - canceledAt).toBeLessThan(5_000);
  });

  it('never has more runs in flight than max_concurrent_runs (2) and the tag limit (1), as the event log shows', async () => {
    const tagged = { database: 'warehouse' };
    const runs = await Promise.all([
      ...Array.from({ length: 4 }, () => submitRun(stack, { job: 'pooled_job', location: 'fixture', tags: tagged })),
      ...Array.from({ length: 4 }, () => submitRun(stack, { job: 'pooled_job', location: 'fixture' })),
    ]);
    for (const run of runs) expect((await waitForRun(stack, run.runId, FINISHED, 60_000)).status).toBe('SUCCESS');
    // In flight from RUN_STARTING (the launcher's decision) to the run's end event.
    const rows = await stack.prisma.eventLog.findMany({
      where: { runId: { in: runs.map((run) => run.runId) }, eventType: { in: ['RUN_STARTING', 'RUN_SUCCESS', 'RUN_FAILURE', 'RUN_CANCELED'] } },
      orderBy: { id: 'asc' },
      select: { runId: true, eventType: true },
    });
    const taggedIds = new Set(runs.slice(0, 4).map((run) => run.runId));
    let inFlight = 0;
    let taggedInFlight = 0;
    let maxInFlight = 0;
    let maxTagged = 0;
    for (const row of rows) {
      const delta = row.eventType === 'RUN_STARTING' ? 1 : -1;
      inFlight += delta;
      if (taggedIds.has(row.runId!)) taggedInFlight += delta;
      maxInFlight = Math.max(maxInFlight, inFlight);
      maxTagged = Math.max(maxTagged, taggedInFlight);
    }
    expect(rows).toHaveLength(16);
    expect(maxInFlight).toBe(2);
    expect(maxTagged).toBe(1);
  }, 90_000);
});
