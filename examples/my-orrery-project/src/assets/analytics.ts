// Analytics: what people read. The revenue report is computed per day; its export is
// published to the object store for finance.
import {
  AutomationCondition, MaterializeResult, MetadataValue, allPartitionMapping, asset, rowCount, timeWindowPartitionMapping,
  type TypedMetadataValue,
} from '@orrery/sdk';
import { dailyPartitions, dayOf, perPartition, seattleWeatherDays } from '../partitions/date-partitions.js';
import { objectStore } from '../resources/s3.js';
import { formatCents, sumBy, toCsv } from '../utils/helpers.js';
import { dailyRevenue, summarizeCustomers } from '../utils/sales.js';
import { daysOf, rainWindow, weatherRecords, type WeatherDay } from '../utils/weather.js';
import { cleanCustomers, cleanOrders, cleanWeather } from './transformed-data.js';

/**
 * Revenue of one day, by country and top customers. `clean_customers` is not partitioned:
 * every day's report reads the latest customers.
 */
export const dailyRevenueReport = asset(
  {
    key: 'daily_revenue_report',
    keyPrefix: 'analytics',
    group: 'analytics',
    description: 'Net revenue of one day in EUR, by country, with the top three customers',
    partitions: dailyPartitions,
    ins: { orders: cleanOrders, customers: cleanCustomers },
    kinds: ['json'],
    owners: ['team:analytics', 'finance@example.com'],
    tags: { domain: 'sales', layer: 'analytics', tier: 'gold' },
    codeVersion: '1',
    checks: [{ name: 'countries_add_up', blocking: true, description: 'The countries sum to the day total' }],
  },
  (context, { orders, customers }) => {
    const report = dailyRevenue(dayOf(context), orders, customers);
    const countriesTotal = sumBy(report.byCountry, (country) => country.netEurCents);
    return MaterializeResult({
      value: report,
      metadata: {
        orders: report.orders,
        net_revenue_eur: MetadataValue.float(report.netEurCents / 100),
        top_country: report.byCountry[0]?.country ?? 'none',
      },
      checkResults: [{ checkName: 'countries_add_up', passed: countriesTotal === report.netEurCents, metadata: { countries_total: countriesTotal } }],
    });
  },
);

/** The report's columns in the CSV finance reads. */
export const REPORT_COLUMNS = ['day', 'country', 'orders', 'net_revenue_eur'] as const;

/**
 * The day's report as CSV in the object store (`reports/daily_revenue/<day>.csv`). The
 * function stores it itself: it returns metadata only, nothing for the IO manager.
 */
export const revenueReportExport = asset(
  {
    key: 'revenue_report_export',
    keyPrefix: 'analytics',
    group: 'analytics',
    description: 'The daily revenue report published as CSV to the reports bucket',
    partitions: dailyPartitions,
    ins: { report: dailyRevenueReport },
    kinds: ['s3', 'csv'],
    owners: ['team:analytics'],
    tags: { domain: 'sales', layer: 'analytics' },
    resources: { object_store: objectStore },
  },
  async (context, { report }) => {
    const rows = report.byCountry.map((country) => ({
      day: report.day, country: country.country, orders: country.orders, net_revenue_eur: formatCents(country.netEurCents),
    }));
    rows.push({ day: report.day, country: 'ALL', orders: report.orders, net_revenue_eur: formatCents(report.netEurCents) });
    const written = await context.resources.object_store.put(`reports/daily_revenue/${report.day}.csv`, toCsv(REPORT_COLUMNS, rows));
    context.log.info('published revenue report', { uri: written.uri });
    // Where to find it: a file of the local stand-in, or the object's URL in a real bucket.
    const location: Record<string, TypedMetadataValue> = written.path !== undefined
      ? { path: MetadataValue.path(written.path) }
      : { url: MetadataValue.url(written.url!) };
    return MaterializeResult({ metadata: { uri: written.uri, ...location, bytes: written.bytes, ...rowCount(rows.length) } });
  },
);

/** Customers by country and signup month; refreshed whenever the customers change. */
export const customerSummary = asset(
  {
    key: 'customer_summary',
    keyPrefix: 'analytics',
    group: 'analytics',
    description: 'Customers by country and by signup month',
    ins: { customers: cleanCustomers },
    kinds: ['json'],
    owners: ['team:analytics'],
    tags: { domain: 'customers', layer: 'analytics' },
    automation: AutomationCondition.eager(),
  },
  (_context, { customers }) => {
    const summary = summarizeCustomers(customers);
    return MaterializeResult({ value: summary, metadata: { customers: summary.customers, countries: summary.byCountry.length } });
  },
);

/** Days in the rain window of {@link rainLast7Days}. */
export const RAIN_WINDOW_DAYS = 7;

/**
 * The rain of the seven days up to each day: total, rainy days, the current rainy streak.
 * Each partition reads its own day and the six before it (a time-window mapping with
 * a start offset); the first six days of the data have shorter windows.
 */
export const rainLast7Days = asset(
  {
    key: 'rain_last_7_days',
    keyPrefix: 'analytics',
    group: 'analytics',
    description: 'Rain in Seattle over the 7 days ending each day: mm, rainy days, rainy streak, wettest day',
    partitions: seattleWeatherDays,
    ins: { weather: { asset: cleanWeather, partitionMapping: timeWindowPartitionMapping({ startOffset: -(RAIN_WINDOW_DAYS - 1) }) } },
    kinds: ['json'],
    owners: ['team:analytics'],
    tags: { domain: 'weather', layer: 'analytics' },
    codeVersion: '1',
  },
  (context, { weather }) => {
    const days = daysOf<WeatherDay>(weather);
    const windows = new Map(context.partitionKeys.map((day) => [day, rainWindow(day, days, RAIN_WINDOW_DAYS)]));
    const one = windows.size === 1 ? [...windows.values()][0]! : undefined;
    return MaterializeResult({
      value: perPartition(context, (day) => windows.get(day)!),
      metadata: one === undefined
        ? { days: windows.size }
        : { rain_mm: MetadataValue.float(one.rainMm), rainy_days: one.rainyDays, rainy_streak: one.rainyStreak },
    });
  },
);

/**
 * The extremes of all four years — hottest, coldest, wettest and windiest day, the longest
 * rainy streak — and each year's rain and mean temperatures. Reads every partition of
 * clean_weather.
 */
export const seattleWeatherRecords = asset(
  {
    key: 'seattle_weather_records',
    keyPrefix: 'analytics',
    group: 'analytics',
    description: "Seattle's weather records 2012-2015 and yearly totals",
    ins: { weather: { asset: cleanWeather, partitionMapping: allPartitionMapping() } },
    kinds: ['json'],
    owners: ['team:analytics'],
    tags: { domain: 'weather', layer: 'analytics' },
    codeVersion: '1',
  },
  (_context, { weather }) => {
    const records = weatherRecords(daysOf<WeatherDay>(weather));
    return MaterializeResult({
      value: records,
      metadata: {
        days: records.days,
        hottest: `${records.hottest.date}: ${records.hottest.tempMaxC} °C`,
        coldest: `${records.coldest.date}: ${records.coldest.tempMinC} °C`,
        wettest: `${records.wettest.date}: ${records.wettest.precipitationMm} mm`,
      },
    });
  },
);
