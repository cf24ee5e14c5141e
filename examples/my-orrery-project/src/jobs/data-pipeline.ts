// Jobs: the op pipeline (extract → transform → load) and the asset jobs the schedules run.
import { defineAssetJob, job } from '@orrery/sdk';
import { extractOrders } from '../ops/extract.js';
import { loadOrders } from '../ops/load.js';
import { transformOrders } from '../ops/transform.js';
import { dailyPartitions, seattleWeatherDays } from '../partitions/date-partitions.js';

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

/**
 * The daily weather assets (raw → clean → 7-day rain) over a day or a range of days: a
 * backfill of the whole period is one run with `partitionKeyRange`. The records over all
 * days (analytics/seattle_weather_records) are materialized on their own afterwards.
 */
export const seattleWeatherJob = defineAssetJob({
  name: 'seattle_weather_job',
  description: "Materializes Seattle's daily weather assets for a day or a range of days",
  selection: 'tag:domain=weather and not key:analytics/seattle_weather_records',
  partitions: seattleWeatherDays,
  tags: { team: 'analytics' },
});
