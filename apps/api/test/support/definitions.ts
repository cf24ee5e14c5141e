// Small code locations for the api tests, built with the SDK like a user's would be.
import {
  DynamicOut, DynamicOutput, In, asset, assetCheck, dailyPartitionsDefinition, defineAssetJob, defineDefinitions,
  dynamicPartitionsDefinition, externalAsset, job, multiAsset, op, staticPartitionsDefinition, type Definitions,
} from '@orrery/sdk';
import { z } from 'zod';

const daily = dailyPartitionsDefinition({ start: '2024-06-01' });
const regions = staticPartitionsDefinition(['eu', 'us']);
const customers = dynamicPartitionsDefinition('customers');

/**
 * Location `warehouse`:
 * - `daily_orders` (daily from 2024-06-01): raw/orders → orders_clean (config `minAmount`,
 *   required, 5 by the job's default run config) → report, with a check on orders_clean;
 * - `region_sales` (static eu/us), `customer_report` (dynamic `customers`), each in a job;
 * - `split` materializing big and small in one step; `crm/customers` external;
 * - `ingest`: an op job list_files → parse (mapped) → total;
 * - `shared_job`, also defined in location `lake`.
 */
export function warehouseDefinitions(): Definitions {
  const crm = externalAsset({ key: 'crm/customers' });
  const rawOrders = asset({ key: 'raw/orders', partitions: daily }, () => [1]);
  const ordersClean = asset(
    { key: 'orders_clean', ins: { orders: rawOrders }, partitions: daily, config: z.object({ minAmount: z.number(), label: z.string().optional() }) },
    () => [1],
  );
  const report = asset({ key: 'report', ins: { ordersClean }, partitions: daily }, () => 'ok');
  const positive = assetCheck({ asset: ordersClean, name: 'positive' }, () => ({ passed: true }));
  const regionSales = asset({ key: 'region_sales', partitions: regions }, () => 1);
  const customerReport = asset({ key: 'customer_report', partitions: customers }, () => 1);
  const split = multiAsset({ name: 'split', specs: { big: { key: 'big' }, small: { key: 'small' } }, deps: [crm] }, () => ({ big: 1, small: 2 }));

  const listFiles = op({ name: 'list_files', out: DynamicOut<string>() }, () => [DynamicOutput('a', 'a')]);
  const parse = op({ name: 'parse', ins: { file: In<string>() } }, () => 1);
  const total = op({ name: 'total', ins: { counts: In<number[]>() } }, () => 0);
  const ingest = job({ name: 'ingest', tags: { team: 'ingest' } }, () => {
    total(listFiles().map((file) => parse(file)).collect());
  });

  return defineDefinitions({
    assets: [crm, rawOrders, ordersClean, report, regionSales, customerReport, split],
    assetChecks: [positive],
    jobs: [
      defineAssetJob({
        name: 'daily_orders',
        selection: 'key:raw/orders+',
        tags: { 'orrery/priority': '3', owner: 'orders-team' },
        config: { ops: { orders_clean: { config: { minAmount: 5 } } } },
      }),
      defineAssetJob({ name: 'region_job', selection: 'key:region_sales' }),
      defineAssetJob({ name: 'customer_job', selection: 'key:customer_report' }),
      defineAssetJob({ name: 'split_job', selection: 'key:big or key:small' }),
      defineAssetJob({ name: 'shared_job', selection: 'key:region_sales' }),
      ingest,
    ],
  });
}

/** Location `lake`: one asset and `shared_job`, a job name `warehouse` also has. */
export function lakeDefinitions(): Definitions {
  const table = asset({ key: 'lake_table' }, () => 1);
  return defineDefinitions({ assets: [table], jobs: [defineAssetJob({ name: 'shared_job', selection: 'key:lake_table' })] });
}
