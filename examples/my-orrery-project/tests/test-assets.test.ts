// Asset tests through materialize(): the real asset definitions, run in this process with
// values kept in memory and resources from the example's definitions (or fakes); and the
// location's asset jobs run as the executor would, through executeJob().
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InMemoryIOManager, buildInputContext, type AssetKeyLike } from '@orrery/sdk';
import { executeJob, materialize } from '@orrery/engine';
import { describe, expect, it } from 'vitest';
import { customerSummary, dailyRevenueReport, revenueReportExport } from '../src/assets/analytics.js';
import { rawCustomers, rawOrders } from '../src/assets/raw-data.js';
import { cleanCustomers, cleanOrders, cleanOrdersHaveRows, customerEmailsAreUnique } from '../src/assets/transformed-data.js';
import { definitions } from '../src/definitions.js';
import { SampleShopApi } from '../src/resources/apis.js';
import type { Customer, DailyRevenueReport, Order, RawOrder } from '../src/utils/sales.js';
import { FakeShopApi, definitionResources, rawCustomer, rawOrder, tempDir, testEnv } from './support.js';

const allAssets = [rawCustomers, rawOrders, cleanCustomers, cleanOrders, dailyRevenueReport, revenueReportExport, customerSummary, cleanOrdersHaveRows, customerEmailsAreUnique];
const DAY = '2024-03-15';
// Partitions exist once their day is over: "now" is pinned so the tests never depend on the clock.
const NOW = new Date('2024-04-01T00:00:00Z');

/** Reads what a run stored in a shared in-memory IO manager. */
function stored<T>(io: InMemoryIOManager, key: AssetKeyLike, partitionKey?: string): Promise<T> {
  return io.loadInput(buildInputContext({ assetKey: key, partitionKeys: partitionKey === undefined ? [] : [partitionKey] })) as Promise<T>;
}

const customers = [
  rawCustomer('c1', 'DE'),
  rawCustomer('c2', 'us'),
  rawCustomer('c3', 'GB', { email: ' C3@Example.COM ' }),
  rawCustomer('c1', 'FR', { name: 'Duplicate of c1' }),
  rawCustomer('c4', 'DE', { email: 'not-an-email' }),
];
const orders: Record<string, RawOrder[]> = {
  [DAY]: [
    rawOrder('o1', 'c1', '100.00', DAY),
    rawOrder('o2', 'c2', '50.00', DAY, { currency: 'USD' }),
    rawOrder('o3', 'c3', '20.00', DAY, { currency: 'GBP', status: 'refunded' }),
    rawOrder('o4', 'c1', '10.00', DAY, { status: 'pending' }),
    rawOrder('o5', 'c9', '30.00', DAY),
    rawOrder('o6', 'c2', 'n/a', DAY),
    rawOrder('o7', 'c2', '12.50', '2024-03-14'),
  ],
  '2024-03-16': [rawOrder('p1', 'c1', '5.00', '2024-03-16', { status: 'pending' }), rawOrder('p2', 'c1', '-5.00', '2024-03-16')],
};

describe('customer assets', () => {
  it('cleans the sample customers and summarizes them, with the email check passing', async () => {
    const dir = await tempDir();
    const result = await materialize(allAssets, { selection: 'tag:domain=customers', resources: definitionResources(), env: testEnv(dir) });

    expect(result.success).toBe(true);
    expect(result.eventsOfType('ASSET_MATERIALIZATION').map((event) => event.assetKey)).toEqual(['raw/customers', 'clean_customers', 'analytics/customer_summary']);
    // 40 generated customers, plus a duplicated record and one with an invalid email.
    expect(await result.valueOf('raw/customers')).toHaveLength(SampleShopApi.CUSTOMER_COUNT + 2);
    const clean = (await result.valueOf('clean_customers')) as Customer[];
    expect(clean).toHaveLength(SampleShopApi.CUSTOMER_COUNT);
    expect(clean.every((customer) => customer.email === customer.email.trim().toLowerCase())).toBe(true);
    expect(result.eventsOfType('ASSET_MATERIALIZATION')[1]).toMatchObject({ data: { metadata: { rejected: { type: 'int', value: 2 } } } });
    expect(result.eventsOfType('ASSET_CHECK_EVALUATION').map((event) => [event.data?.checkName, event.data?.passed])).toEqual([['unique_emails', true]]);
    const summary = (await result.valueOf('analytics/customer_summary')) as { customers: number; byCountry: { customers: number }[] };
    expect(summary.customers).toBe(SampleShopApi.CUSTOMER_COUNT);
    expect(summary.byCountry.reduce((total, country) => total + country.customers, 0)).toBe(SampleShopApi.CUSTOMER_COUNT);
  });

  it('warns, without failing the run, when two customers share an email', async () => {
    const shop = new FakeShopApi([rawCustomer('c1', 'DE', { email: 'same@example.com' }), rawCustomer('c2', 'FR', { email: 'SAME@example.com' })], {});
    const result = await materialize(allAssets, { selection: 'tag:domain=customers', resources: { ...definitionResources(), shop_api: shop } });
    expect(result.success).toBe(true);
    expect(result.eventsOfType('ASSET_CHECK_EVALUATION')[0]).toMatchObject({
      data: { checkName: 'unique_emails', passed: false, severity: 'WARN', metadata: { duplicates: { value: 1 } } },
    });
  });
});

describe('sales assets of one day', () => {
  it('computes the revenue report of a day, converting currencies and netting refunds', async () => {
    const dir = await tempDir();
    const io = new InMemoryIOManager();
    const shop = new FakeShopApi(customers, orders);
    const resources = { ...definitionResources(), shop_api: shop, io_manager: io };

    // The report reads the (unpartitioned) customers: materialize them first, in the same store.
    expect((await materialize(allAssets, { selection: 'tag:domain=customers', resources })).success).toBe(true);
    const result = await materialize(allAssets, { selection: 'tag:domain=sales', partitionKey: DAY, now: NOW, resources, env: testEnv(dir) });

    expect(result.success).toBe(true);
    expect(shop.calls).toEqual(['customers', `orders ${DAY}`]);
    expect(result.eventsOfType('ASSET_MATERIALIZATION').map((event) => [event.assetKey, event.partition])).toEqual([
      ['raw/orders', DAY], ['clean_orders', DAY], ['analytics/daily_revenue_report', DAY], ['analytics/revenue_report_export', DAY],
    ]);

    const clean = await stored<Order[]>(io, 'clean_orders', DAY);
    expect(clean.map((order) => order.id)).toEqual(['o1', 'o2', 'o3', 'o5']);
    expect(clean.find((order) => order.id === 'o2')?.amountEurCents).toBe(4600); // 50 USD at 0.92

    const report = await stored<DailyRevenueReport>(io, 'analytics/daily_revenue_report', DAY);
    expect(report).toEqual({
      day: DAY,
      orders: 4,
      completedEurCents: 17_600,
      refundedEurCents: 2_340, // 20 GBP at 1.17
      netEurCents: 15_260,
      byCountry: [
        { country: 'DE', orders: 1, netEurCents: 10_000 },
        { country: 'US', orders: 1, netEurCents: 4_600 },
        { country: 'unknown', orders: 1, netEurCents: 3_000 }, // c9 is no customer
        { country: 'GB', orders: 1, netEurCents: -2_340 },
      ],
      topCustomers: [
        { customerId: 'c1', name: 'Customer c1', netEurCents: 10_000 },
        { customerId: 'c2', name: 'Customer c2', netEurCents: 4_600 },
        { customerId: 'c9', name: '(unknown)', netEurCents: 3_000 },
      ],
    });
    expect(result.eventsOfType('ASSET_MATERIALIZATION')[2]).toMatchObject({ data: { metadata: { net_revenue_eur: { type: 'float', value: 152.6 }, top_country: { value: 'DE' } } } });
  });

  it('evaluates the checks: reject_rate warns on malformed rows, has_orders and countries_add_up pass', async () => {
    const io = new InMemoryIOManager();
    const resources = { ...definitionResources(), shop_api: new FakeShopApi(customers, orders), io_manager: io };
    await materialize(allAssets, { selection: 'tag:domain=customers', resources });
    const dir = await tempDir();
    const result = await materialize(allAssets, { selection: 'tag:domain=sales', partitionKey: DAY, now: NOW, resources, env: testEnv(dir) });

    const checks = Object.fromEntries(result.eventsOfType('ASSET_CHECK_EVALUATION').map((event) => [event.data?.checkName, event.data]));
    // o6 (amount n/a) and o7 (another day) are malformed: 2 of 7 rows; the pending o4 is not.
    expect(checks.reject_rate).toMatchObject({ passed: false, severity: 'WARN', metadata: { reject_rate: { value: 0.286 } } });
    expect(checks.has_orders).toMatchObject({ passed: true, metadata: { orders: { value: 4 } } });
    expect(checks.countries_add_up).toMatchObject({ passed: true });
    expect(result.success).toBe(true); // a WARN never fails the run
  });

  it('publishes the report as CSV to the object store, recording where', async () => {
    const dir = await tempDir();
    const io = new InMemoryIOManager();
    const resources = { ...definitionResources(), shop_api: new FakeShopApi(customers, orders), io_manager: io };
    await materialize(allAssets, { selection: 'tag:domain=customers', resources });
    const result = await materialize(allAssets, { selection: 'tag:domain=sales', partitionKey: DAY, now: NOW, resources, env: testEnv(dir) });

    const file = join(dir, 'object-store', 'orrery-reports', 'reports', 'daily_revenue', `${DAY}.csv`);
    expect(await readFile(file, 'utf8')).toBe(
      [
        'day,country,orders,net_revenue_eur',
        `${DAY},DE,1,100.00`,
        `${DAY},US,1,46.00`,
        `${DAY},unknown,1,30.00`,
        `${DAY},GB,1,-23.40`,
        `${DAY},ALL,4,152.60`,
        '',
      ].join('\n'),
    );
    expect(result.eventsOfType('ASSET_MATERIALIZATION').at(-1)).toMatchObject({
      assetKey: 'analytics/revenue_report_export',
      data: { metadata: { uri: { value: `s3://orrery-reports/reports/daily_revenue/${DAY}.csv` }, path: { type: 'path', value: file } } },
    });
    // The export stored its data itself: nothing went to the IO manager.
    await expect(stored(io, 'analytics/revenue_report_export', DAY)).rejects.toThrow(/no stored value/);
  });

  it('stops before the report when a day has no valid order (the blocking has_orders check)', async () => {
    const io = new InMemoryIOManager();
    const resources = { ...definitionResources(), shop_api: new FakeShopApi(customers, orders), io_manager: io };
    await materialize(allAssets, { selection: 'tag:domain=customers', resources });
    const dir = await tempDir();
    const result = await materialize(allAssets, { selection: 'tag:domain=sales', partitionKey: '2024-03-16', now: NOW, resources, env: testEnv(dir) });

    expect(result.success).toBe(false);
    expect(result.eventsOfType('ASSET_CHECK_EVALUATION').find((event) => event.data?.checkName === 'has_orders')).toMatchObject({
      data: { passed: false, severity: 'ERROR', metadata: { orders: { value: 0 } } },
    });
    expect(result.steps.get('clean_orders')).toBe('success');
    expect(result.steps.get('analytics__daily_revenue_report')).toBe('skipped');
    expect(result.steps.get('analytics__revenue_report_export')).toBe('skipped');
    expect(result.eventsOfType('ASSET_MATERIALIZATION').map((event) => event.assetKey)).toEqual(['raw/orders', 'clean_orders']);
  });

  it('gives the same sample orders on every run (deterministic, offline data)', async () => {
    const dir = await tempDir();
    const run = () => materialize([rawOrders], { partitionKey: DAY, now: NOW, resources: definitionResources(), env: testEnv(dir) });
    const [first, second] = [await run(), await run()];
    const firstOrders = (await first.valueOf('raw/orders', DAY)) as RawOrder[];
    expect(firstOrders.length).toBeGreaterThanOrEqual(15);
    expect(firstOrders.every((order) => order.created_at.startsWith(DAY))).toBe(true);
    expect(await second.valueOf('raw/orders', DAY)).toEqual(firstOrders);
  });

  it('refuses a day that has not ended yet', async () => {
    const dir = await tempDir();
    const result = await materialize([rawOrders], { partitionKey: '2024-04-01', now: NOW, resources: definitionResources(), env: testEnv(dir) });
    expect(result.status).toBe('FAILURE');
    expect(result.events.at(-1)?.message).toMatch(/partition "2024-04-01" does not exist/);
  });

  it('fails the run before any step when an environment variable is missing', async () => {
    const result = await materialize([rawOrders], { partitionKey: DAY, now: NOW, resources: definitionResources(), env: {} });
    expect(result.status).toBe('FAILURE');
    expect(result.eventsOfType('RESOURCE_INIT_FAILURE')[0]?.message).toMatch(/SHOP_API_TOKEN.*SHOP_API_URL|SHOP_API_URL.*SHOP_API_TOKEN/);
    expect(result.eventsOfType('STEP_START')).toHaveLength(0);
  });
});

describe("the location's asset jobs", () => {
  it('runs customers_job then a day of daily_sales_job with the filesystem IO manager, as deployed', async () => {
    const dir = await tempDir();
    const env = testEnv(dir);
    const customersRun = await executeJob(definitions, { jobName: 'customers_job', env });
    expect(customersRun.success).toBe(true);
    const sales = await executeJob(definitions, { jobName: 'daily_sales_job', partitionKey: DAY, now: NOW, env });
    expect(sales.success).toBe(true);

    // Values are files under ORRERY_DATA_DIR: one per asset, one per partition.
    const storage = env.ORRERY_DATA_DIR!;
    const customers = JSON.parse(await readFile(join(storage, 'clean_customers.json'), 'utf8')) as Customer[];
    expect(customers).toHaveLength(SampleShopApi.CUSTOMER_COUNT);
    const report = JSON.parse(await readFile(join(storage, 'analytics', 'daily_revenue_report', `${DAY}.json`), 'utf8')) as DailyRevenueReport;
    const cleanOrders = JSON.parse(await readFile(join(storage, 'clean_orders', `${DAY}.json`), 'utf8')) as Order[];
    expect(report.day).toBe(DAY);
    expect(report.orders).toBe(cleanOrders.length);
    expect(report.byCountry.reduce((total, country) => total + country.orders, 0)).toBe(report.orders);
    const csv = await readFile(join(env.OBJECT_STORE_DIR!, 'orrery-reports', 'reports', 'daily_revenue', `${DAY}.csv`), 'utf8');
    expect(csv.trim().split('\n').at(-1)).toBe(`${DAY},ALL,${report.orders},${(report.netEurCents / 100).toFixed(2)}`);
  });
});
