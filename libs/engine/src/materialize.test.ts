import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  MaterializeResult, asset, assetCheck, dailyPartitionsDefinition, env, observableSourceAsset, resource, RetryRequested,
} from '@orrery/sdk';
import { materialize } from './materialize.js';
import { MemoryComputeLogs } from './run/compute-logs.js';

const raw = asset({ key: 'orders', keyPrefix: 'raw' }, () => [{ id: 1, amount: 30 }, { id: 2, amount: 12 }]);
const clean = asset({ key: 'clean_orders', ins: { orders: raw } }, (_context, { orders }) => orders.filter((order) => order.amount > 20));
const report = asset({ key: 'report', ins: { orders: clean } }, (context, { orders }) => {
  context.log.info('summarising', { rows: orders.length });
  return MaterializeResult({ value: { total: orders.reduce((sum, order) => sum + order.amount, 0) }, metadata: { rows: orders.length } });
});

describe('materialize', () => {
  it('materializes a chain in order, storing each value and recording its materialization', async () => {
    const result = await materialize([raw, clean, report]);
    expect(result.success).toBe(true);
    expect(await result.valueOf('report')).toEqual({ total: 30 });
    expect(await result.valueOf('raw/orders')).toHaveLength(2);
    const lifecycle = result.events.map((event) => event.type).filter((type) => type.startsWith('RUN_') || type === 'STEP_START' || type === 'ASSET_MATERIALIZATION');
    expect(lifecycle).toEqual([
      'RUN_START', 'STEP_START', 'ASSET_MATERIALIZATION', 'STEP_START', 'ASSET_MATERIALIZATION', 'STEP_START', 'ASSET_MATERIALIZATION', 'RUN_SUCCESS',
    ]);
    expect(result.eventsOfType('ASSET_MATERIALIZATION_PLANNED').map((event) => event.assetKey)).toEqual(['raw/orders', 'clean_orders', 'report']);
    expect(result.eventsOfType('ASSET_MATERIALIZATION').at(-1)).toMatchObject({ assetKey: 'report', data: { metadata: { rows: { type: 'int', value: 1 } } } });
    expect(result.eventsOfType('LOADED_INPUT').map((event) => event.stepKey)).toEqual(['clean_orders', 'report']);
    expect(result.eventsOfType('LOG_MESSAGE')[0]).toMatchObject({ stepKey: 'report', message: 'summarising', data: { rows: 1 } });
    expect(new Set(result.events.map((event) => event.runId))).toEqual(new Set([result.runId]));
  });

  it('turns a throwing asset into a failed step, skips what depends on it, and never throws', async () => {
    const broken = asset({ key: 'clean_orders', ins: { orders: raw } }, () => {
      throw new Error('bad rows', { cause: new Error('column amount missing') });
    });
    const result = await materialize([raw, broken, report]);
    expect(result.success).toBe(false);
    expect(result.status).toBe('FAILURE');
    expect(Object.fromEntries(result.steps)).toEqual({ raw__orders: 'success', clean_orders: 'failure', report: 'skipped' });
    expect(result.eventsOfType('STEP_FAILURE')[0]).toMatchObject({ stepKey: 'clean_orders', data: { error: { message: 'bad rows', cause: { message: 'column amount missing' } } } });
    expect(result.eventsOfType('ASSET_FAILED_TO_MATERIALIZE').map((event) => event.assetKey)).toEqual(['clean_orders']);
    expect(result.events.at(-1)).toMatchObject({ type: 'RUN_FAILURE', data: { reason: 'STEP_FAILURE', failedSteps: ['clean_orders'] } });
  });

  it('retries per the asset retry policy, and on RetryRequested', async () => {
    let calls = 0;
    const flaky = asset({ key: 'flaky', retry: { maxRetries: 2, delay: 1 } }, () => {
      calls += 1;
      if (calls < 3) throw new Error(`attempt ${calls}`);
      return calls;
    });
    const result = await materialize([flaky]);
    expect(result.success).toBe(true);
    expect(result.eventsOfType('STEP_UP_FOR_RETRY')).toHaveLength(2);
    expect(await result.valueOf('flaky')).toBe(3);

    let requested = 0;
    const asks = asset({ key: 'asks' }, () => {
      requested += 1;
      if (requested === 1) throw new RetryRequested({ maxRetries: 1, delay: 1 });
      return 'ok';
    });
    expect((await materialize([asks])).success).toBe(true);
    expect(requested).toBe(2);
  });

  it('runs one partition of a daily asset with its key and time window', async () => {
    const partitions = dailyPartitionsDefinition({ start: '2024-01-01' });
    const seen: unknown[] = [];
    const daily = asset({ key: 'daily', partitions }, (context) => {
      seen.push([context.partitionKey, context.partitionTimeWindow?.start.toISOString(), context.partitionTimeWindow?.end.toISOString()]);
      return context.partitionKey;
    });
    const result = await materialize([daily], { partitionKey: '2024-01-02', now: new Date('2024-02-01T00:00:00Z') });
    expect(result.success).toBe(true);
    expect(seen).toEqual([['2024-01-02', '2024-01-02T00:00:00.000Z', '2024-01-03T00:00:00.000Z']]);
    expect(result.eventsOfType('ASSET_MATERIALIZATION')[0]).toMatchObject({ assetKey: 'daily', partition: '2024-01-02' });
    expect(await result.valueOf('daily', '2024-01-02')).toBe('2024-01-02');

    const missing = await materialize([daily], { partitionKey: '2030-01-01', now: new Date('2024-02-01T00:00:00Z') });
    expect(missing.status).toBe('FAILURE');
    expect(missing.events.at(-1)?.message).toMatch(/partition "2030-01-01" does not exist/);
  });

  it('sets up resources from env() config, tears them down, and fails the run when one cannot start', async () => {
    const events: string[] = [];
    const warehouse = resource({
      config: z.object({ url: z.string() }),
      setup: (config) => {
        events.push(`setup ${config.url}`);
        return { url: config.url };
      },
      teardown: () => void events.push('teardown'),
    }).configured({ url: env('WAREHOUSE_URL') });
    const usesWarehouse = asset({ key: 'loaded', resources: { warehouse } }, (context) => (context.resources.warehouse as { url: string }).url);
    const result = await materialize([usesWarehouse], { resources: { warehouse }, env: { WAREHOUSE_URL: 'postgres://wh' } });
    expect(result.success).toBe(true);
    expect(await result.valueOf('loaded')).toBe('postgres://wh');
    expect(events).toEqual(['setup postgres://wh', 'teardown']);
    expect(result.eventsOfType('RESOURCE_INIT_SUCCESS').map((event) => event.data?.resource)).toContain('warehouse');

    const unconfigured = await materialize([usesWarehouse], { resources: { warehouse }, env: {} });
    expect(unconfigured.status).toBe('FAILURE');
    expect(unconfigured.eventsOfType('RESOURCE_INIT_FAILURE')[0]?.message).toMatch(/WAREHOUSE_URL/);
    expect(unconfigured.eventsOfType('STEP_START')).toHaveLength(0);
  });

  it('records check evaluations; a failed blocking check stops the downstream assets', async () => {
    const positive = assetCheck({ asset: raw, name: 'amounts_positive', blocking: true, loadAsset: true }, (_context, orders) => ({
      passed: (orders as { amount: number }[]).every((order) => order.amount > 100),
    }));
    const warnOnly = assetCheck({ asset: raw, name: 'has_rows' }, () => ({ passed: false, severity: 'WARN' as const }));
    const result = await materialize([raw, clean, positive, warnOnly]);
    expect(result.success).toBe(false);
    expect(result.eventsOfType('ASSET_CHECK_EVALUATION').map((event) => [event.data?.checkName, event.data?.passed])).toEqual(
      expect.arrayContaining([['amounts_positive', false], ['has_rows', false]]),
    );
    expect(result.steps.get('clean_orders')).toBe('skipped');
    expect(result.steps.get('check:raw/orders:has_rows')).toBe('success');
  });

  it('observes an observable source asset', async () => {
    const files = observableSourceAsset({ key: 'landing_files' }, () => ({ dataVersion: 'v42', metadata: { count: 3 } }));
    const result = await materialize([files], { selection: 'key:landing_files' });
    expect(result.eventsOfType('ASSET_OBSERVATION')[0]).toMatchObject({ assetKey: 'landing_files', data: { dataVersion: 'v42' } });
  });
});

describe('compute log capture', () => {
  it('captures each step log line and announces it with LOGS_CAPTURED; nothing without a capture', async () => {
    const logs = new MemoryComputeLogs();
    const chatty = asset({ key: 'chatty' }, (context) => {
      context.log.info('loaded rows', { rows: 3 });
      context.log.warn('one row rejected');
      return 3;
    });
    const result = await materialize([chatty], { computeLogs: logs });
    const captured = result.eventsOfType('LOGS_CAPTURED');
    expect(captured).toHaveLength(1);
    expect(captured[0]).toMatchObject({ stepKey: 'chatty', data: { logKey: `${result.runId}/chatty`, stepKeys: ['chatty'] } });
    const lines = logs.linesOf(`${result.runId}/chatty`);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/ INFO +loaded rows \{"rows":3\}$/);
    expect(lines[1]).toMatch(/ WARNING one row rejected$/);

    const uncaptured = await materialize([chatty]);
    expect(uncaptured.eventsOfType('LOGS_CAPTURED')).toHaveLength(0);
  });
});
