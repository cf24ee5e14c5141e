// Integration test against the real Postgres of the test setup. pg and @orrery/testing are
// test-only here: the SDK itself never imports a driver (lint bans it in src).
import { useTestDatabase } from '@orrery/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInputContext, buildOutputContext, silentLogger } from '../src/io/build-contexts.js';
import { IOManagerError, StoredValueNotFoundError } from '../src/io/io-manager.js';
import { PostgresIOManager, postgresIOManager } from '../src/io/postgres-io-manager.js';
import { ROW_COUNT_METADATA_KEY } from '../src/metadata/metadata-value.js';

const db = useTestDatabase();
let pool: pg.Pool;

beforeAll(() => {
  pool = new pg.Pool({ connectionString: db.url, max: 4 });
});
afterAll(async () => {
  await pool.end();
});

describe('Postgres IO manager (real Postgres)', () => {
  it('stores an unpartitioned asset as JSON rows in its own table and loads them back in order', async () => {
    const io = new PostgresIOManager({ pool, schema: 'assets_io' });
    const rows = [{ id: 1, name: 'a' }, { id: 2, name: 'b', tags: ['x'] }, 3, 'text', null];
    const result = await io.handleOutput(buildOutputContext({ assetKey: 'raw/orders', runId: 'run-1' }), rows);
    expect(result.metadata[ROW_COUNT_METADATA_KEY]).toMatchObject({ type: 'int', value: 5 });
    expect(await io.loadInput(buildInputContext({ assetKey: 'raw/orders' }))).toEqual(rows);
    const stored = await pool.query(`SELECT partition_key, row_index, run_id FROM assets_io.raw__orders WHERE row_index >= 0 ORDER BY row_index`);
    expect(stored.rows).toEqual(rows.map((_, i) => ({ partition_key: '', row_index: i, run_id: 'run-1' })));
  });

  it('overwrites only the written partition and loads several partitions as a record', async () => {
    const io = new PostgresIOManager({ pool });
    const out = (partitionKeys: string[]) => buildOutputContext({ assetKey: ['daily', 'sales'], partitionKeys });
    await io.handleOutput(out(['2024-01-01']), [{ v: 1 }, { v: 2 }]);
    await io.handleOutput(out(['2024-01-02']), [{ v: 3 }]);
    await io.handleOutput(out(['2024-01-01']), [{ v: 10 }]);
    expect(await io.loadInput(buildInputContext({ assetKey: 'daily/sales', partitionKeys: ['2024-01-01'] }))).toEqual([{ v: 10 }]);
    expect(await io.loadInput(buildInputContext({ assetKey: 'daily/sales', partitionKeys: ['2024-01-01', '2024-01-02'] }))).toEqual({
      '2024-01-01': [{ v: 10 }],
      '2024-01-02': [{ v: 3 }],
    });
    await io.handleOutput(out(['2024-01-03', '2024-01-04']), { '2024-01-03': [], '2024-01-04': [{ v: 4 }] });
    // An empty partition round-trips as [], not as "never materialized".
    expect(await io.loadInput(buildInputContext({ assetKey: 'daily/sales', partitionKeys: ['2024-01-03'] }))).toEqual([]);
    const counts = await pool.query(`SELECT partition_key, count(*)::int AS n FROM public.daily__sales WHERE row_index >= 0 GROUP BY 1 ORDER BY 1`);
    expect(counts.rows).toEqual([
      { partition_key: '2024-01-01', n: 1 },
      { partition_key: '2024-01-02', n: 1 },
      { partition_key: '2024-01-04', n: 1 },
    ]);
  });

  it('reports what was never stored, and refuses non-array values and op outputs', async () => {
    const io = new PostgresIOManager({ pool });
    await expect(io.loadInput(buildInputContext({ assetKey: 'nothing_here' }))).rejects.toThrow(StoredValueNotFoundError);
    await io.handleOutput(buildOutputContext({ assetKey: 'some', partitionKeys: ['a'] }), [1]);
    await expect(io.loadInput(buildInputContext({ assetKey: 'some', partitionKeys: ['b'] }))).rejects.toThrow(/asset some partition b/);
    await expect(io.handleOutput(buildOutputContext({ assetKey: 'scalar' }), { not: 'rows' })).rejects.toThrow(IOManagerError);
    await expect(io.handleOutput(buildOutputContext({}), [1])).rejects.toThrow(/asset values only/);
  });

  it('keeps hostile keys out of SQL: the table name is derived, the partition key is a parameter', async () => {
    const io = new PostgresIOManager({ pool });
    const partition = `x'); DROP TABLE public.daily__sales; --`;
    await io.handleOutput(buildOutputContext({ assetKey: ['Weird-Key'], partitionKeys: [partition] }), [{ ok: true }]);
    expect(await io.loadInput(buildInputContext({ assetKey: ['Weird-Key'], partitionKeys: [partition] }))).toEqual([{ ok: true }]);
    const tables = await pool.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE 'weird_key%'`);
    expect(tables.rows).toEqual([{ table_name: expect.stringMatching(/^weird_key_[0-9a-f]{8}$/) }]);
    const still = await pool.query(`SELECT to_regclass('public.daily__sales') AS t`);
    expect(still.rows[0].t).toBe('daily__sales');
  });

  it('handles concurrent first writes of one asset (table creation races)', async () => {
    const writers = Array.from({ length: 4 }, () => new PostgresIOManager({ pool }));
    await Promise.all(writers.map((io, i) => io.handleOutput(buildOutputContext({ assetKey: 'raced', partitionKeys: [`p${i}`] }), [i])));
    const reader = new PostgresIOManager({ pool });
    expect(await reader.loadInput(buildInputContext({ assetKey: 'raced', partitionKeys: ['p0', 'p1', 'p2', 'p3'] }))).toEqual({ p0: [0], p1: [1], p2: [2], p3: [3] });
  });

  it('is a resource whose pool stays out of the snapshot config', async () => {
    const definition = postgresIOManager({ pool, tablePrefix: 'wh_' });
    expect(definition.configJson()).toEqual({ tablePrefix: 'wh_' });
    const io = await definition.setup(definition.resolveConfig({}), {}, { key: 'warehouse', log: silentLogger, runId: 'r', signal: new AbortController().signal });
    await io.handleOutput(buildOutputContext({ assetKey: 'orders' }), [{ a: 1 }]);
    const found = await pool.query(`SELECT to_regclass('public.wh_orders') AS t`);
    expect(found.rows[0].t).toBe('wh_orders');
  });
});
