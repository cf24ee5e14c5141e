// Raw data, as the shop API gives it: no cleaning here, so a bad transformation can
// always be re-run from what was extracted.
import { MaterializeResult, asset, rowCount } from '@orrery/sdk';
import { dailyPartitions, dayOf, perPartition, seattleWeatherDays } from '../partitions/date-partitions.js';
import { shopApi } from '../resources/apis.js';
import { weatherData } from '../resources/weather-data.js';

// API calls fail transiently: retry with exponential back-off (1 s, then 3 s).
const apiRetry = { maxRetries: 2, delay: 1000, backoff: 'exponential' } as const;

/** Every customer of the shop, as exported by its API. */
export const rawCustomers = asset(
  {
    key: 'customers',
    keyPrefix: 'raw',
    group: 'raw',
    description: 'Customers as the shop API returns them (unvalidated)',
    kinds: ['api', 'json'],
    owners: ['team:data-eng'],
    tags: { domain: 'customers', layer: 'raw' },
    metadata: { source: 'GET /customers' },
    resources: { shop_api: shopApi },
    retry: apiRetry,
  },
  async (context) => {
    const customers = await context.resources.shop_api.customers(context.signal);
    context.log.info('fetched customers', { rows: customers.length });
    return MaterializeResult({ value: customers, metadata: { ...rowCount(customers.length) } });
  },
);

/** The orders placed on one day (partition), as exported by the shop API. */
export const rawOrders = asset(
  {
    key: 'orders',
    keyPrefix: 'raw',
    group: 'raw',
    description: 'Orders of one UTC day as the shop API returns them (unvalidated)',
    partitions: dailyPartitions,
    kinds: ['api', 'json'],
    owners: ['team:data-eng'],
    tags: { domain: 'sales', layer: 'raw' },
    metadata: { source: 'GET /orders?date={partition}' },
    resources: { shop_api: shopApi },
    retry: apiRetry,
  },
  async (context) => {
    const day = dayOf(context);
    const orders = await context.resources.shop_api.ordersForDay(day, context.signal);
    context.log.info('fetched orders', { day, rows: orders.length });
    return MaterializeResult({ value: orders, metadata: { ...rowCount(orders.length), day } });
  },
);

/**
 * One day of Seattle's weather as data/seattle-weather.csv has it. Backfills may run a
 * range of days at once: the file is read once per run whatever the number of days.
 */
export const rawSeattleWeather = asset(
  {
    key: 'seattle_weather',
    keyPrefix: 'raw',
    group: 'raw',
    description: "Seattle's weather of one day as the CSV has it (unvalidated): precipitation, temperatures, wind, weather",
    partitions: seattleWeatherDays,
    kinds: ['csv'],
    owners: ['team:data-eng'],
    tags: { domain: 'weather', layer: 'raw' },
    metadata: {
      source: 'NOAA National Climatic Data Center, via vega-datasets 3.2.1 (data/seattle-weather.csv)',
      license: 'U.S. Government work, public domain (https://www.usa.gov/government-works)',
    },
    resources: { weather_data: weatherData },
  },
  async (context) => {
    const dataset = context.resources.weather_data;
    const rows = new Map(await Promise.all(context.partitionKeys.map(async (day) => [day, await dataset.day(day)] as const)));
    return MaterializeResult({ value: perPartition(context, (day) => rows.get(day)!), metadata: { ...rowCount(rows.size) } });
  },
);
