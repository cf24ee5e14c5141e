// The warehouse against real Postgres (a database of this file, from @orrery/testing):
// one suite run against every implementation of the Warehouse port (memory, local
// directory, Postgres), the resource's Postgres mode (pool built, checked, ended), and
// data_pipeline loading into Postgres as deployed.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { executeJob } from '@orrery/engine';
import { silentLogger } from '@orrery/sdk';
import { useTestDatabase, withDatabase } from '@orrery/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definitions, resources } from '../src/definitions.js';
import { PostgresWarehouse } from '../src/resources/postgres-warehouse.js';
import { LocalWarehouse, MemoryWarehouse, type Warehouse } from '../src/resources/warehouse.js';
import { tempDir, testEnv } from './support.js';

const db = useTestDatabase();
let admin: pg.Pool;

beforeAll(() => {
  admin = new pg.Pool({ connectionString: db.url, max: 2 });
});
afterAll(() => admin.end());

/** A schema of its own per warehouse, so the suite's tests never share tables. */
const freshSchema = () => `w_${randomBytes(4).toString('hex')}`;

const implementations: [string, () => Promise<Warehouse>][] = [
  ['memory', async () => new MemoryWarehouse()],
  ['local directory', async () => new LocalWarehouse(await tempDir())],
  ['postgres', async () => new PostgresWarehouse(new pg.Pool({ connectionString: db.url, max: 4 }), freshSchema())],
];

describe.each(implementations)('Warehouse: %s', (_name, make) => {
  const warehouse = make;

  it('upserts by key: counts, row order by key, idempotent reloads', async () => {
    const w = await warehouse();
    try {
      expect(await w.tables()).toEqual([]);
      expect(await w.upsert('orders', [{ id: 'b', amount: 2 }, { id: 'a', amount: 1 }], 'id')).toEqual({ inserted: 2, updated: 0, total: 2 });
      expect(await w.upsert('orders', [{ id: 'a', amount: 10 }, { id: 'c', amount: 3 }], 'id')).toEqual({ inserted: 1, updated: 1, total: 3 });
      expect(await w.upsert('orders', [{ id: 'a', amount: 10 }], 'id')).toEqual({ inserted: 0, updated: 1, total: 3 });
      expect(await w.select('orders')).toEqual([{ id: 'a', amount: 10 }, { id: 'b', amount: 2 }, { id: 'c', amount: 3 }]);
      await w.upsert('customers', [{ id: 'Z', nested: { tags: ['x'], score: 1.5 }, note: null }], 'id');
      expect(await w.select('customers')).toEqual([{ id: 'Z', nested: { tags: ['x'], score: 1.5 }, note: null }]);
      expect(await w.tables()).toEqual(['customers', 'orders']);
    } finally {
      await w.close();
    }
  });

  it('counts a key given twice in one load as an insert and an update, keeping the last row', async () => {
    const w = await warehouse();
    try {
      expect(await w.upsert('orders', [{ id: 'a', v: 1 }, { id: 'a', v: 2 }], 'id')).toEqual({ inserted: 1, updated: 1, total: 1 });
      expect(await w.select('orders')).toEqual([{ id: 'a', v: 2 }]);
    } finally {
      await w.close();
    }
  });

  it('keeps every row when loads of one table overlap', async () => {
    const w = await warehouse();
    try {
      await Promise.all(Array.from({ length: 10 }, (_, i) => w.upsert('orders', [{ id: `o${i}` }], 'id')));
      expect(await w.select('orders')).toHaveLength(10);
    } finally {
      await w.close();
    }
  });

  it('gives no rows for a table never loaded, and refuses bad table names and rows without the key', async () => {
    const w = await warehouse();
    try {
      expect(await w.select('missing')).toEqual([]);
      await expect(w.upsert('../orders', [{ id: 1 }], 'id')).rejects.toThrow(/invalid table name/);
      await expect(w.upsert('Orders; DROP TABLE x', [{ id: 1 }], 'id')).rejects.toThrow(/invalid table name/);
      await expect(w.select('x'.repeat(64))).rejects.toThrow(/invalid table name/);
      await expect(w.upsert('orders', [{ id: 'a' }, { other: 1 } as { id?: string }], 'id')).rejects.toThrow('a row has no id');
    } finally {
      await w.close();
    }
  });
});

describe('PostgresWarehouse', () => {
  it('stores each table in its schema as key, jsonb document and load time', async () => {
    const schema = freshSchema();
    const w = new PostgresWarehouse(new pg.Pool({ connectionString: db.url, max: 2 }), schema);
    await w.upsert('orders', [{ id: 'o1', amountEurCents: 1200 }], 'id');
    await w.close();
    const { rows } = await admin.query(`SELECT key, doc, loaded_at FROM ${schema}.orders`);
    expect(rows).toEqual([{ key: 'o1', doc: { id: 'o1', amountEurCents: 1200 }, loaded_at: expect.any(Date) }]);
  });

  it('creates a table once when two warehouses (two runs) load it at the same moment', async () => {
    const schema = freshSchema();
    const [a, b] = [0, 1].map(() => new PostgresWarehouse(new pg.Pool({ connectionString: db.url, max: 2 }), schema));
    await Promise.all([a!.upsert('orders', [{ id: 'a' }], 'id'), b!.upsert('orders', [{ id: 'b' }], 'id')]);
    expect(await a!.select('orders')).toEqual([{ id: 'a' }, { id: 'b' }]);
    await Promise.all([a!.close(), b!.close()]);
  });
});

describe('the warehouse resource in Postgres mode', () => {
  const context = { key: 'warehouse', log: silentLogger, runId: 'test-run', signal: new AbortController().signal };

  it('builds a pool from WAREHOUSE_DATABASE_URL, and its teardown ends the pool', async () => {
    const config = resources.warehouse.resolveConfig({ WAREHOUSE_DATABASE_URL: db.url, WAREHOUSE_DIR: '' }, 'warehouse');
    expect(config).toEqual({ url: db.url, dir: '', schema: 'warehouse', poolSize: 5 });
    const w = await resources.warehouse.setup(config, {}, context);
    expect(w).toBeInstanceOf(PostgresWarehouse);
    await w.upsert('probe', [{ id: 'p' }], 'id');
    await resources.warehouse.teardown?.(w, context);
    await expect(w.select('probe')).rejects.toThrow(/after calling end on the pool/);
  });

  it('fails the set-up, not a later step, when the database cannot be reached', async () => {
    const config = resources.warehouse.resolveConfig({ WAREHOUSE_DATABASE_URL: withDatabase(db.url, 'orrery_no_such_database'), WAREHOUSE_DIR: '' });
    await expect(resources.warehouse.setup(config, {}, context)).rejects.toThrow(/orrery_no_such_database/);
    expect(() => resources.warehouse.resolveConfig({ WAREHOUSE_DATABASE_URL: 'mysql://x', WAREHOUSE_DIR: '' })).toThrow(/postgres:\/\//);
    expect(() => resources.warehouse.resolveConfig({ WAREHOUSE_DATABASE_URL: '', WAREHOUSE_DIR: '' })).toThrow(/dir: required when no url is set/);
  });

  it('is where data_pipeline loads a day of orders when the location runs with WAREHOUSE_DATABASE_URL', async () => {
    const env = testEnv(await tempDir(), { WAREHOUSE_DATABASE_URL: db.url });
    const runConfig = { ops: { extract_orders: { config: { source: 'api', day: '2024-03-15' } } } };
    // Op outputs are files of the location's filesystem IO manager: <dir>/<run>/<step>/result.json.
    const output = async (runId: string, step: string) => JSON.parse(await readFile(join(env.ORRERY_DATA_DIR!, runId, step, 'result.json'), 'utf8')) as unknown;
    const first = await executeJob(definitions, { jobName: 'data_pipeline', runConfig, env });
    expect(first.success).toBe(true);
    const orders = (await output(first.runId, 'transform_orders')) as { id: string }[];
    expect(orders.length).toBeGreaterThan(0);
    expect(await output(first.runId, 'load_orders')).toEqual({ inserted: orders.length, updated: 0, total: orders.length });
    const { rows } = await admin.query<{ key: string }>('SELECT key FROM warehouse.orders ORDER BY key COLLATE "C"');
    expect(rows.map((row) => row.key)).toEqual(orders.map((order) => order.id).sort());

    // A re-run changes nothing: the same keys are updated, none added.
    const again = await executeJob(definitions, { jobName: 'data_pipeline', runConfig, env });
    expect(await output(again.runId, 'load_orders')).toEqual({ inserted: 0, updated: orders.length, total: orders.length });
  });
});
