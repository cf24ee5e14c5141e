// Resource tests: config resolved from an environment map (as the executor does), the
// clients they build, and the IO manager through buildOutputContext / buildInputContext.
import { mkdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ResourceConfigError, StoredValueNotFoundError, buildInputContext, buildOutputContext, silentLogger, type IOManager } from '@orrery/sdk';
import { describe, expect, it } from 'vitest';
import { resources } from '../src/definitions.js';
import { HttpShopApi, SampleShopApi, ShopApiError, type HttpShopApiOptions } from '../src/resources/apis.js';
import { LocalWarehouse, MemoryWarehouse } from '../src/resources/warehouse.js';
import { LandingZone } from '../src/resources/landing-zone.js';
import { LocalObjectStore } from '../src/resources/object-store.js';
import { tempDir, testEnv } from './support.js';

const initContext = (key: string) => ({ key, log: silentLogger, runId: 'test-run', signal: new AbortController().signal });

describe('shop_api', () => {
  it('reads its config from the environment, with defaults for the rest', () => {
    expect(resources.shop_api.resolveConfig({ SHOP_API_URL: '', SHOP_API_TOKEN: '' }, 'shop_api')).toEqual({
      baseUrl: '', token: '', timeoutMs: 10_000, maxRetries: 3, retryDelayMs: 500, sampleSeed: 42,
    });
    expect(resources.shop_api.resolveConfig({ SHOP_API_URL: 'https://shop.example/api', SHOP_API_TOKEN: 't0ken' }, 'shop_api')).toMatchObject({
      baseUrl: 'https://shop.example/api', token: 't0ken',
    });
  });

  it('names every missing variable and invalid field at once', () => {
    expect(() => resources.shop_api.resolveConfig({}, 'shop_api')).toThrow(ResourceConfigError);
    expect(() => resources.shop_api.resolveConfig({}, 'shop_api')).toThrow(
      'resource shop_api config: environment variable SHOP_API_TOKEN is not set; environment variable SHOP_API_URL is not set',
    );
    expect(() => resources.shop_api.resolveConfig({ SHOP_API_URL: 'not a url', SHOP_API_TOKEN: '' }, 'shop_api')).toThrow(/baseUrl/);
  });

  it('serves the built-in sample data when no URL is configured', async () => {
    const config = resources.shop_api.resolveConfig({ SHOP_API_URL: '', SHOP_API_TOKEN: '' });
    const api = await resources.shop_api.setup(config, {}, initContext('shop_api'));
    expect(api).toBeInstanceOf(SampleShopApi);
    const customers = await api.customers();
    expect(customers).toHaveLength(SampleShopApi.CUSTOMER_COUNT + 2);
    expect(await api.customers()).toEqual(customers);
    // Another seed, other data: the seed really drives the generator.
    expect(await new SampleShopApi(7).ordersForDay('2024-03-15')).not.toEqual(await api.ordersForDay('2024-03-15'));
    await expect(api.ordersForDay('2024-13-45')).rejects.toThrow(RangeError);
  });

  it('is an HTTP client when a URL is configured', async () => {
    const config = resources.shop_api.resolveConfig({ SHOP_API_URL: 'https://shop.example/api', SHOP_API_TOKEN: 'secret-token' });
    expect(await resources.shop_api.setup(config, {}, initContext('shop_api'))).toBeInstanceOf(HttpShopApi);
  });
});

describe('HttpShopApi', () => {
  const order = { order_id: 'o1', customer_id: 'c1', amount: '1.00', currency: 'EUR', status: 'completed', created_at: '2024-03-15T10:00:00Z' };
  const client = (fetch: typeof globalThis.fetch, options: Partial<HttpShopApiOptions> = {}) =>
    new HttpShopApi({ baseUrl: 'https://shop.example/api/', token: 'secret-token', timeoutMs: 1000, maxRetries: 2, retryDelayMs: 1, fetch, ...options });
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  it('sends the token and retries 5xx and 429 responses', async () => {
    const requests: { url: string; auth: string | null }[] = [];
    const responses = [json({ error: 'busy' }, 503), json({ error: 'slow down' }, 429), json([order])];
    const api = client(async (input, init) => {
      requests.push({ url: String(input), auth: new Headers(init?.headers).get('authorization') });
      return responses.shift()!;
    });
    expect(await api.ordersForDay('2024-03-15')).toEqual([order]);
    expect(requests).toEqual(Array(3).fill({ url: 'https://shop.example/api/orders?date=2024-03-15', auth: 'Bearer secret-token' }));
  });

  it('gives up after its retries, and never retries a 4xx', async () => {
    let calls = 0;
    const down = client(async () => {
      calls += 1;
      return json({}, 502);
    });
    await expect(down.customers()).rejects.toThrow('GET /customers: HTTP 502 (after 3 attempts)');
    expect(calls).toBe(3);

    calls = 0;
    const forbidden = client(async () => {
      calls += 1;
      return json({}, 403);
    });
    await expect(forbidden.customers()).rejects.toMatchObject({ name: 'ShopApiError', status: 403 });
    expect(calls).toBe(1);
  });

  it('times out an attempt that hangs, then retries it', async () => {
    let calls = 0;
    const api = client(
      (_input, init) => {
        calls += 1;
        if (calls === 1) {
          // Hangs until its signal fires, as a stalled connection does.
          return new Promise((_resolve, reject) => init!.signal!.addEventListener('abort', () => reject(init!.signal!.reason as Error)));
        }
        return Promise.resolve(json([]));
      },
      { timeoutMs: 20 },
    );
    expect(await api.customers()).toEqual([]);
    expect(calls).toBe(2);
  });

  it('stops at once when the run is canceled', async () => {
    const controller = new AbortController();
    let calls = 0;
    const api = client(async () => {
      calls += 1;
      controller.abort(new Error('run canceled'));
      throw new Error('connection reset');
    }, { retryDelayMs: 10_000 });
    await expect(api.customers(controller.signal)).rejects.toThrow();
    expect(calls).toBe(1);
  });

  it('refuses a response that is not a list of orders', async () => {
    const api = client(async () => json([{ order_id: 1 }]));
    await expect(api.ordersForDay('2024-03-15')).rejects.toThrow(/order_id/);
    expect(ShopApiError.name).toBe('ShopApiError');
  });
});

describe('warehouse', () => {
  it('builds a directory warehouse or an in-memory one from WAREHOUSE_DIR', async () => {
    const dir = await tempDir();
    const local = await resources.warehouse.setup(resources.warehouse.resolveConfig({ WAREHOUSE_DATABASE_URL: '', WAREHOUSE_DIR: dir }), {}, initContext('warehouse'));
    expect(local).toBeInstanceOf(LocalWarehouse);
    const memory = await resources.warehouse.setup(resources.warehouse.resolveConfig({ WAREHOUSE_DATABASE_URL: '', WAREHOUSE_DIR: ':memory:' }), {}, initContext('warehouse'));
    expect(memory).toBeInstanceOf(MemoryWarehouse);
  });

  it('upserts by key: loading the same rows twice changes nothing', async () => {
    const warehouse = new LocalWarehouse(await tempDir());
    const rows = [{ id: 'b', amount: 2 }, { id: 'a', amount: 1 }];
    expect(await warehouse.upsert('orders', rows, 'id')).toEqual({ inserted: 2, updated: 0, total: 2 });
    expect(await warehouse.upsert('orders', [{ id: 'a', amount: 10 }, { id: 'c', amount: 3 }], 'id')).toEqual({ inserted: 1, updated: 1, total: 3 });
    expect(await warehouse.upsert('orders', [{ id: 'a', amount: 10 }], 'id')).toEqual({ inserted: 0, updated: 1, total: 3 });
    expect(await warehouse.select('orders')).toEqual([{ id: 'a', amount: 10 }, { id: 'b', amount: 2 }, { id: 'c', amount: 3 }]);
    expect(await warehouse.tables()).toEqual(['orders']);
    expect(await warehouse.select('missing')).toEqual([]);
  });

  it('keeps every row when loads of one table overlap', async () => {
    const warehouse = new LocalWarehouse(await tempDir());
    await Promise.all(Array.from({ length: 10 }, (_, i) => warehouse.upsert('orders', [{ id: `o${i}` }], 'id')));
    expect(await warehouse.select('orders')).toHaveLength(10);
  });

  it('refuses table names that are not identifiers', async () => {
    await expect(new MemoryWarehouse().upsert('../orders', [{ id: 1 }], 'id')).rejects.toThrow(/invalid table name/);
  });
});

describe('object_store', () => {
  it('writes objects under <OBJECT_STORE_DIR>/<bucket>, and lists and reads them back', async () => {
    const dir = await tempDir();
    const env = testEnv(dir);
    const store = await resources.object_store.setup(resources.object_store.resolveConfig(env), {}, initContext('object_store'));
    const put = await store.put('reports/daily/2024-03-15.csv', 'a,b\n1,2\n');
    expect(put).toEqual({ uri: 's3://orrery-reports/reports/daily/2024-03-15.csv', path: join(env.OBJECT_STORE_DIR!, 'orrery-reports', 'reports', 'daily', '2024-03-15.csv'), bytes: 8 });
    await store.put('other/x.txt', new Uint8Array([1, 2, 3]));
    expect((await store.list('reports/')).map((object) => [object.key, object.size])).toEqual([['reports/daily/2024-03-15.csv', 8]]);
    expect((await store.list()).map((object) => object.key)).toEqual(['other/x.txt', 'reports/daily/2024-03-15.csv']);
    expect((await store.get('reports/daily/2024-03-15.csv'))?.toString()).toBe('a,b\n1,2\n');
    expect(await store.get('reports/none.csv')).toBeUndefined();
  });

  it('refuses keys that would leave the bucket, and bad bucket names', async () => {
    const store = new LocalObjectStore(await tempDir(), 'reports');
    await expect(store.put('../escape.txt', 'x')).rejects.toThrow(/invalid object key/);
    await expect(store.put('/absolute', 'x')).rejects.toThrow(/invalid object key/);
    expect(() => resources.object_store.configured({ bucket: 'Not_A_Bucket', rootDir: '/tmp' }).resolveConfig({})).toThrow(/bucket/);
  });
});

describe('landing', () => {
  it('lists the CSV files of the landing directory with their modification times', async () => {
    const dir = await tempDir();
    const zone = new LandingZone(dir);
    expect(await zone.listFiles()).toEqual([]);
    await writeFile(join(dir, 'b.csv'), 'x');
    await writeFile(join(dir, 'a.csv'), 'xy');
    await writeFile(join(dir, 'notes.txt'), 'ignored');
    await mkdir(join(dir, 'sub.csv'));
    await utimes(join(dir, 'a.csv'), 1_700_000_000, 1_700_000_000);
    expect(await zone.listFiles()).toEqual([
      { name: 'a.csv', size: 2, mtimeMs: 1_700_000_000_000 },
      { name: 'b.csv', size: 1, mtimeMs: expect.any(Number) },
    ]);
    expect(await zone.readText('a.csv')).toBe('xy');
    await expect(zone.readText('../a.csv')).rejects.toThrow(/invalid landing file name/);
  });
});

describe('io_manager', () => {
  it('stores each partition of an asset in its own file under ORRERY_DATA_DIR and loads it back', async () => {
    const dir = await tempDir();
    const env = testEnv(dir);
    const io: IOManager = await resources.io_manager.setup(resources.io_manager.resolveConfig(env), {}, initContext('io_manager'));
    const rows = [{ id: 'o1', amountEurCents: 100 }];

    await io.handleOutput(buildOutputContext({ assetKey: 'clean_orders', partitionKeys: ['2024-03-15'] }), rows);
    expect(JSON.parse(await readFile(join(env.ORRERY_DATA_DIR!, 'clean_orders', '2024-03-15.json'), 'utf8'))).toEqual(rows);
    expect(await io.loadInput(buildInputContext({ assetKey: 'clean_orders', partitionKeys: ['2024-03-15'] }))).toEqual(rows);
    await expect(io.loadInput(buildInputContext({ assetKey: 'clean_orders', partitionKeys: ['2024-03-16'] }))).rejects.toThrow(StoredValueNotFoundError);
  });
});
