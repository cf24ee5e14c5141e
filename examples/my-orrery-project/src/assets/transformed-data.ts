// Cleaned data: validated, deduplicated, converted to one currency. The rules themselves
// live in utils/sales.ts, shared with the ops of the data_pipeline job.
import { MaterializeResult, asset, assetCheck, columnSchema, rowCount } from '@orrery/sdk';
import { dailyPartitions, dayOf, perPartition, seattleWeatherDays } from '../partitions/date-partitions.js';
import { cleanCustomerRecords, cleanOrderRecords, type Rejected } from '../utils/sales.js';
import { daysOf, parseWeatherDay, readingProblems, type RawWeatherDay, type WeatherDay } from '../utils/weather.js';
import { rawCustomers, rawOrders, rawSeattleWeather } from './raw-data.js';

/** Share of malformed raw orders above which the `reject_rate` check fails. */
export const MAX_REJECT_RATE = 0.1;

const rejectedSample = (rejected: readonly Rejected[]) => rejected.slice(0, 5).map((row) => `${row.id || '(no id)'}: ${row.reason}`);

/** Customers with a normalized email and country, one record per id. */
export const cleanCustomers = asset(
  {
    key: 'clean_customers',
    group: 'transformed',
    description: 'Validated customers: normalized email and country, duplicates removed',
    ins: { customers: rawCustomers },
    kinds: ['json'],
    owners: ['team:data-eng'],
    tags: { domain: 'customers', layer: 'clean' },
    codeVersion: '1',
    metadata: {
      ...columnSchema({
        columns: [
          { name: 'id', type: 'string', constraints: { unique: true, nullable: false } },
          { name: 'name', type: 'string' },
          { name: 'email', type: 'string', description: 'lower-case' },
          { name: 'country', type: 'string', description: 'ISO 3166 alpha-2' },
          { name: 'signupDay', type: 'date' },
        ],
      }),
    },
  },
  (context, { customers }) => {
    const { rows, rejected } = cleanCustomerRecords(customers);
    if (rejected.length > 0) context.log.warn('rejected customers', { rejected: rejected.length });
    return MaterializeResult({
      value: rows,
      metadata: { ...rowCount(rows.length), rejected: rejected.length, rejected_sample: rejectedSample(rejected) },
    });
  },
);

/**
 * The final orders of one day in EUR cents. Its own function evaluates the `reject_rate`
 * check (a WARN: malformed rows are worth a look, not worth stopping the report).
 */
export const cleanOrders = asset(
  {
    key: 'clean_orders',
    group: 'transformed',
    description: 'Completed and refunded orders of one day, validated, amounts in EUR cents',
    partitions: dailyPartitions,
    ins: { orders: rawOrders },
    kinds: ['json'],
    owners: ['team:data-eng'],
    tags: { domain: 'sales', layer: 'clean' },
    codeVersion: '1',
    checks: [{ name: 'reject_rate', description: `at most ${MAX_REJECT_RATE * 100}% of the raw orders are malformed` }],
  },
  (context, { orders }) => {
    const day = dayOf(context);
    const { rows, rejected } = cleanOrderRecords(orders, day);
    // Pending orders are not final yet, not malformed: they do not count as rejects.
    const malformed = rejected.filter((row) => row.reason !== 'pending');
    const rejectRate = orders.length === 0 ? 0 : malformed.length / orders.length;
    return MaterializeResult({
      value: rows,
      metadata: { ...rowCount(rows.length), pending: rejected.length - malformed.length, malformed: malformed.length, rejected_sample: rejectedSample(malformed) },
      checkResults: [
        { checkName: 'reject_rate', passed: rejectRate <= MAX_REJECT_RATE, severity: 'WARN', metadata: { reject_rate: Math.round(rejectRate * 1000) / 1000 } },
      ],
    });
  },
);

/**
 * A day without a single valid order means the export broke, not that nobody bought
 * anything: blocking, so an empty report is never published.
 */
export const cleanOrdersHaveRows = assetCheck(
  {
    asset: cleanOrders,
    name: 'has_orders',
    blocking: true,
    loadAsset: true,
    description: 'The day has at least one valid order (blocks the revenue report)',
  },
  (_context, orders) => ({
    passed: orders.length > 0,
    severity: 'ERROR',
    metadata: { orders: orders.length },
    ...(orders.length === 0 ? { description: 'no valid order: check the shop export before publishing revenue' } : {}),
  }),
);

/** Two customer ids sharing one email usually mean a duplicated account: worth a warning. */
export const customerEmailsAreUnique = assetCheck(
  { asset: cleanCustomers, name: 'unique_emails', loadAsset: true, description: 'No two customers share an email' },
  (_context, customers) => {
    const seen = new Set<string>();
    const duplicated = customers.filter((customer) => seen.size === seen.add(customer.email).size).map((customer) => customer.id);
    return { passed: duplicated.length === 0, severity: 'WARN', metadata: { duplicates: duplicated.length, ids: duplicated.slice(0, 10) } };
  },
);

/**
 * Seattle's weather of one day, typed: numbers, a known weather kind. A row that is not a
 * weather day fails the step (InvalidWeatherRowError names every bad field).
 */
export const cleanWeather = asset(
  {
    key: 'clean_weather',
    group: 'transformed',
    description: "Seattle's weather of one day, validated and typed (mm, °C)",
    partitions: seattleWeatherDays,
    ins: { raw: rawSeattleWeather },
    kinds: ['json'],
    owners: ['team:data-eng'],
    tags: { domain: 'weather', layer: 'clean' },
    codeVersion: '1',
    metadata: {
      ...columnSchema({
        columns: [
          { name: 'date', type: 'date', constraints: { unique: true, nullable: false } },
          { name: 'precipitationMm', type: 'float', description: 'mm' },
          { name: 'tempMaxC', type: 'float', description: '°C' },
          { name: 'tempMinC', type: 'float', description: '°C' },
          { name: 'wind', type: 'float', description: 'mean wind speed (unit: see data/README.md)' },
          { name: 'weather', type: 'string', description: 'drizzle, rain, snow, sun or fog' },
        ],
      }),
    },
  },
  (context, { raw }) => {
    const days = new Map(daysOf<RawWeatherDay>(raw).map((row) => [row.date, parseWeatherDay(row)]));
    return MaterializeResult({ value: perPartition(context, (day) => days.get(day)!), metadata: { ...rowCount(days.size) } });
  },
);

/**
 * Readings no instrument can produce — a minimum above the maximum, negative rain — mean
 * the file is broken: blocking, so no summary is computed from them.
 */
export const weatherReadingsArePlausible = assetCheck(
  {
    asset: cleanWeather,
    name: 'plausible_readings',
    blocking: true,
    loadAsset: true,
    description: 'temp_min ≤ temp_max and precipitation ≥ 0 on every day (blocks the weather summaries)',
  },
  (_context, weather) => {
    const days = daysOf<WeatherDay>(weather);
    const problems = days.flatMap((day) => readingProblems(day).map((problem) => `${day.date}: ${problem}`));
    return {
      passed: problems.length === 0,
      severity: 'ERROR',
      metadata: { days: days.length, implausible: problems.length, problems: problems.slice(0, 10) },
    };
  },
);
