// Jobs: the op pipeline (extract → transform → load) and the asset jobs the schedules run.
import { defineAssetJob, job } from '@orrery/sdk';
import { extractOrders } from '../ops/extract.js';
import { loadOrders } from '../ops/load.js';
import { transformOrders } from '../ops/transform.js';
import { dailyPartitions } from '../partitions/date-partitions.js';

/**
 * Loads one day of orders (or one landing file) into the warehouse. Its run config says
 * where the orders come from: `{ ops: { extract_orders: { config: { source: 'api', day } } } }`.
 */
export const dataPipeline = job(
  { name: 'data_pipeline', description: 'Extract orders, clean them, upsert them into the warehouse', tags: { team: 'data-eng' } },
  () => {
    loadOrders(transformOrders(extractOrders()));
  },
);

/**
 * Every sales asset of one day: raw orders → clean orders → revenue report → export. Its
 * partitions are given (not inferred) so a schedule can be built from it at load time.
 */
export const dailySalesJob = defineAssetJob({
  name: 'daily_sales_job',
  description: 'Materializes one day of the sales assets',
  selection: 'tag:domain=sales',
  partitions: dailyPartitions,
  tags: { team: 'analytics' },
});

/** The customer assets (unpartitioned): raw → clean → summary. */
export const customersJob = defineAssetJob({
  name: 'customers_job',
  description: 'Refreshes the customer assets',
  selection: 'tag:domain=customers',
});
