// Extract: raw orders from the shop API (one day) or from a file in the landing zone.
import { Output, op } from '@orrery/sdk';
import { z } from 'zod';
import { shopApi } from '../resources/apis.js';
import { LANDING_FILE_NAME, landingZone } from '../resources/landing-zone.js';
import { DAY_PATTERN, parseCsv } from '../utils/helpers.js';
import type { RawOrder } from '../utils/sales.js';

/** Columns a landing CSV must have: the shop API's order fields. */
export const ORDER_COLUMNS = ['order_id', 'customer_id', 'amount', 'currency', 'status', 'created_at'] as const;

/**
 * Config of {@link extractOrders}, at `ops.extract_orders.config` in run config: where the
 * orders come from. Schedules pass `{ source: 'api', day }`, the landing sensor
 * `{ source: 'file', file }`.
 */
export const extractOrdersConfig = z.discriminatedUnion('source', [
  z.object({ source: z.literal('api'), day: z.string().regex(DAY_PATTERN, 'a day is YYYY-MM-DD') }),
  z.object({ source: z.literal('file'), file: z.string().regex(LANDING_FILE_NAME, 'a .csv file name in the landing directory') }),
]);

/** Parses a landing CSV into raw orders; throws naming the missing columns. */
export function parseOrdersCsv(text: string, file: string): RawOrder[] {
  const records = parseCsv(text);
  const header = records[0] === undefined ? [] : Object.keys(records[0]);
  const missing = ORDER_COLUMNS.filter((column) => !header.includes(column));
  if (records.length > 0 && missing.length > 0) throw new Error(`${file}: missing columns ${missing.join(', ')}`);
  return records.map((record) => Object.fromEntries(ORDER_COLUMNS.map((column) => [column, record[column] ?? ''])) as unknown as RawOrder);
}

/** Reads raw orders from the configured source. */
export const extractOrders = op(
  {
    name: 'extract_orders',
    description: 'Raw orders of one day from the shop API, or of one landing file',
    config: extractOrdersConfig,
    resources: { shop_api: shopApi, landing: landingZone },
    retry: { maxRetries: 2, delay: 1000, backoff: 'exponential' },
    tags: { source: 'shop' },
  },
  async (context) => {
    const { config } = context;
    const orders =
      config.source === 'api'
        ? await context.resources.shop_api.ordersForDay(config.day, context.signal)
        : parseOrdersCsv(await context.resources.landing.readText(config.file), config.file);
    context.log.info('extracted orders', { source: config.source, rows: orders.length });
    return Output(orders, { metadata: { rows: orders.length, source: config.source === 'api' ? `api:${config.day}` : `file:${config.file}` } });
  },
);
