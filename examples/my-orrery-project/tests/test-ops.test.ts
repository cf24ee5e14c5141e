// Op and job tests: the data_pipeline job run in process with executeJob(), each op called
// directly with a hand-built context (tests/support.ts), and the job's run config.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { executeJob } from '@orrery/engine';
import { RunConfigError, evaluateSensor, silentLogger } from '@orrery/sdk';
import { describe, expect, it } from 'vitest';
import { definitions } from '../src/definitions.js';
import { dataPipeline } from '../src/jobs/data-pipeline.js';
import { extractOrders, parseOrdersCsv } from '../src/ops/extract.js';
import { ORDERS_TABLE, loadOrders } from '../src/ops/load.js';
import { transformOrders } from '../src/ops/transform.js';
import { SampleShopApi, type ShopApi } from '../src/resources/apis.js';
import { LocalWarehouse, MemoryWarehouse, type UpsertResult, type Warehouse } from '../src/resources/warehouse.js';
import { LandingZone } from '../src/resources/landing-zone.js';
import { landingFileSensor } from '../src/sensors/file-sensors.js';
import { cleanOrderRecords, type Order, type RawOrder } from '../src/utils/sales.js';
import { FakeShopApi, definitionResources, invokeOp, opContext, rawOrder, tempDir, testEnv } from './support.js';

const DAY = '2024-03-15';

async function extract(config: unknown, resources: { shop_api: ShopApi; landing: LandingZone }) {
  return invokeOp<RawOrder[]>(extractOrders, opContext({ opName: 'extract_orders', config, resources }));
}
async function transform(orders: readonly RawOrder[]) {
  return invokeOp<Order[]>(transformOrders, opContext({ opName: 'transform_orders', config: undefined, resources: {} }), { orders });
}
async function load(orders: readonly Order[], warehouse: Warehouse) {
  return invokeOp<UpsertResult>(loadOrders, opContext({ opName: 'load_orders', config: undefined, resources: { warehouse } }), { orders });
}

describe('data_pipeline job', () => {
  it('wires extract_orders → transform_orders → load_orders', () => {
    const job = definitions.getJob('data_pipeline');
    expect(job.kind).toBe('op_job');
    if (job.kind !== 'op_job') return;
    expect(job.graph.nodes.map((node) => node.alias)).toEqual(['extract_orders', 'transform_orders', 'load_orders']);
    expect(job.graph.nodes.map((node) => node.inputs)).toEqual([
      {},
      { orders: { kind: 'output', node: 'extract_orders', output: 'result' } },
      { orders: { kind: 'output', node: 'transform_orders', output: 'result' } },
    ]);
    expect(dataPipeline.tags).toEqual({ team: 'data-eng' });
  });

  it('validates run config with the extract op zod schema: a source is required', () => {
    const job = definitions.getJob('data_pipeline');
    expect(job.parseRunConfig({ ops: { extract_orders: { config: { source: 'api', day: DAY } } } }).get('extract_orders')).toEqual({ source: 'api', day: DAY });
    expect(job.parseRunConfig({ ops: { extract_orders: { config: { source: 'file', file: 'drop.csv' } } } }).get('extract_orders')).toEqual({ source: 'file', file: 'drop.csv' });
    expect(() => job.parseRunConfig({})).toThrow(RunConfigError);
    expect(() => job.parseRunConfig({ ops: { extract_orders: { config: { source: 'api', day: 'yesterday' } } } })).toThrow(/ops\.extract_orders\.config\.day: a day is YYYY-MM-DD/);
    expect(() => job.parseRunConfig({ ops: { extract_orders: { config: { source: 'file', file: '../etc/passwd' } } } })).toThrow(/ops\.extract_orders\.config\.file/);
    expect(() => job.parseRunConfig({ ops: { extract_orders: { config: { source: 'api', day: DAY } }, extract: {} } })).toThrow(/extract/);
    // The api validates submissions without loading this code: the schema is in the snapshot.
    expect(JSON.stringify(job.runConfigJsonSchema)).toContain('extract_orders');
  });
});

describe('data_pipeline, run in process with executeJob()', () => {
  const apiConfig = (day: string) => ({ ops: { extract_orders: { config: { source: 'api', day } } } });

  it("loads a day's orders: extract → transform → load, values handed over in memory", async () => {
    const warehouse = new MemoryWarehouse();
    const dir = await tempDir();
    // The job alone, with the location's resources: its outputs are kept in memory.
    const result = await executeJob(dataPipeline, { resources: { ...definitionResources(), warehouse }, env: testEnv(dir), runConfig: apiConfig(DAY) });

    expect(result.success).toBe(true);
    expect(result.eventsOfType('STEP_SUCCESS').map((event) => event.stepKey)).toEqual(['extract_orders', 'transform_orders', 'load_orders']);
    const raw = (await result.outputOf('extract_orders')) as RawOrder[];
    expect(raw).toEqual(await new SampleShopApi().ordersForDay(DAY));
    const clean = (await result.outputOf('transform_orders')) as Order[];
    expect(clean).toEqual(cleanOrderRecords(raw).rows);
    expect(await result.outputOf('load_orders')).toEqual({ inserted: clean.length, updated: 0, total: clean.length });
    expect(await warehouse.select(ORDERS_TABLE)).toHaveLength(clean.length);
    expect(result.eventsOfType('HANDLED_OUTPUT').at(-1)).toMatchObject({ stepKey: 'load_orders', data: { metadata: { inserted: { value: clean.length } } } });

    // A second run of the same day changes nothing: load_orders upserts by id.
    const again = await executeJob(dataPipeline, { resources: { ...definitionResources(), warehouse }, env: testEnv(dir), runConfig: apiConfig(DAY) });
    expect(await again.outputOf('load_orders')).toEqual({ inserted: 0, updated: clean.length, total: clean.length });
  });

  it('loads the file a landing_file_sensor run request names, as the location runs it (files on disk)', async () => {
    const dir = await tempDir();
    const env = testEnv(dir);
    const landing = new LandingZone(env.LANDING_DIR!);
    await mkdir(landing.dir, { recursive: true });
    await writeFile(join(landing.dir, 'partner.csv'), 'order_id,customer_id,amount,currency,status,created_at\no1,c1,10.00,EUR,completed,2024-03-15T08:00:00Z\no2,c1,oops,EUR,completed,2024-03-15T09:00:00Z\n');
    const tick = await evaluateSensor(landingFileSensor, { cursor: undefined, log: silentLogger, resources: { landing } });
    const request = tick.runRequests[0]!;

    // The loaded code location itself: its filesystem IO manager and directory warehouse, in `dir`.
    const result = await executeJob(definitions, { jobName: request.jobName, runConfig: request.runConfig, tags: request.tags, env });
    expect(result.success).toBe(true);
    const table = JSON.parse(await readFile(join(env.WAREHOUSE_DIR!, `${ORDERS_TABLE}.json`), 'utf8')) as Order[];
    expect(table.map((order) => order.id)).toEqual(['o1']);
    expect(result.eventsOfType('LOG_MESSAGE').some((event) => event.stepKey === 'transform_orders' && event.message === 'dropped order')).toBe(true);
  });

  it('refuses a run without its source config before any step runs', async () => {
    const result = await executeJob(dataPipeline, { resources: definitionResources(), env: testEnv(await tempDir()), runConfig: {} });
    expect(result.status).toBe('FAILURE');
    expect(result.eventsOfType('STEP_START')).toHaveLength(0);
    expect(result.events.at(-1)).toMatchObject({ type: 'RUN_FAILURE', data: { reason: 'JOB_INITIALIZATION_FAILURE' } });
  });

  it('fails load_orders, not the process, when the warehouse refuses the rows, after its retries', async () => {
    let calls = 0;
    const broken: Warehouse = {
      upsert: async () => {
        calls += 1;
        throw new Error('warehouse is read-only');
      },
      select: async () => [],
      tables: async () => [],
      close: async () => undefined,
    };
    const result = await executeJob(dataPipeline, { resources: { ...definitionResources(), warehouse: broken }, env: testEnv(await tempDir()), runConfig: apiConfig(DAY) });
    expect(result.status).toBe('FAILURE');
    expect(Object.fromEntries(result.steps)).toEqual({ extract_orders: 'success', transform_orders: 'success', load_orders: 'failure' });
    expect(calls).toBe(4); // retry: { maxRetries: 3 }
    expect(result.eventsOfType('STEP_FAILURE')[0]).toMatchObject({ stepKey: 'load_orders', data: { error: { message: 'warehouse is read-only' } } });
  });
});

describe('extract_orders', () => {
  it("reads a day's orders from the shop API", async () => {
    const landing = new LandingZone(await tempDir());
    const { value, metadata } = await extract({ source: 'api', day: DAY }, { shop_api: new SampleShopApi(), landing });
    expect(value).toEqual(await new SampleShopApi().ordersForDay(DAY));
    expect(metadata).toEqual({ rows: { type: 'int', value: value.length }, source: { type: 'text', value: `api:${DAY}` } });
  });

  it('reads a landing CSV file', async () => {
    const dir = await tempDir();
    await writeFile(
      join(dir, 'partner-2024-03-15.csv'),
      'order_id,customer_id,amount,currency,status,created_at,comment\no1,c1,10.00,EUR,completed,2024-03-15T08:00:00Z,"first, with a comma"\no2,c2,5.50,USD,refunded,2024-03-15T09:00:00Z,\n',
    );
    const shop = new FakeShopApi([], {});
    const { value } = await extract({ source: 'file', file: 'partner-2024-03-15.csv' }, { shop_api: shop, landing: new LandingZone(dir) });
    expect(value).toEqual([
      rawOrder('o1', 'c1', '10.00', DAY, { created_at: '2024-03-15T08:00:00Z' }),
      rawOrder('o2', 'c2', '5.50', DAY, { currency: 'USD', status: 'refunded', created_at: '2024-03-15T09:00:00Z' }),
    ]);
    expect(shop.calls).toEqual([]);
  });

  it('fails on a landing file without the order columns', () => {
    expect(() => parseOrdersCsv('id,total\n1,2\n', 'bad.csv')).toThrow('bad.csv: missing columns order_id, customer_id, amount, currency, status, created_at');
    expect(parseOrdersCsv('', 'empty.csv')).toEqual([]);
  });
});

describe('transform_orders', () => {
  it('keeps final, well-formed orders in EUR cents and reports what it dropped', async () => {
    const { value, metadata } = await transform([
      rawOrder('o1', 'c1', '10.00', DAY),
      rawOrder('o2', 'c1', '10.00', DAY, { currency: 'GBP', status: 'Refunded' }),
      rawOrder('o3', 'c1', '10.00', DAY, { status: 'pending' }),
      rawOrder('o4', 'c1', '0.00', DAY),
      rawOrder('o5', 'c1', '10.00', DAY, { currency: 'JPY' }),
      rawOrder('o1', 'c2', '99.00', DAY),
    ]);
    expect(value).toEqual([
      { id: 'o1', customerId: 'c1', day: DAY, amountEurCents: 1000, originalCurrency: 'EUR', status: 'completed' },
      { id: 'o2', customerId: 'c1', day: DAY, amountEurCents: 1170, originalCurrency: 'GBP', status: 'refunded' },
    ]);
    expect(metadata).toMatchObject({ rows: { value: 2 }, dropped: { value: 4 } });
  });
});

describe('load_orders', () => {
  it('upserts into the orders table: a retried or repeated load changes nothing', async () => {
    const warehouse = new MemoryWarehouse();
    const { value: orders } = await transform([rawOrder('o1', 'c1', '10.00', DAY), rawOrder('o2', 'c2', '20.00', DAY)]);
    const first = await load(orders, warehouse);
    expect(first.value).toEqual({ inserted: 2, updated: 0, total: 2 });
    expect(first.metadata).toMatchObject({ table: { value: ORDERS_TABLE }, inserted: { value: 2 } });
    expect((await load(orders, warehouse)).value).toEqual({ inserted: 0, updated: 2, total: 2 });
    expect(await warehouse.select(ORDERS_TABLE)).toEqual(orders);
  });
});

describe('the pipeline, op by op', () => {
  it('loads a day of sample orders into a directory warehouse, idempotently', async () => {
    const dir = await tempDir();
    const warehouse = new LocalWarehouse(join(dir, 'warehouse'));
    const resources = { shop_api: new SampleShopApi(), landing: new LandingZone(join(dir, 'landing')) };
    const run = async () => load((await transform((await extract({ source: 'api', day: DAY }, resources)).value)).value, warehouse);

    const first = await run();
    const raw = await new SampleShopApi().ordersForDay(DAY);
    const pending = raw.filter((order) => order.status === 'pending').length;
    expect(first.value.inserted).toBeGreaterThan(0);
    expect(first.value.inserted).toBeLessThanOrEqual(raw.length - pending);
    expect((await run()).value).toEqual({ inserted: 0, updated: first.value.total, total: first.value.total });
    expect(await warehouse.tables()).toEqual([ORDERS_TABLE]);
  });
});
