// Load: upsert into the warehouse's `orders` table. Upserting by id makes the op
// idempotent, so a retried step or a re-run never doubles rows.
import { In, Output, op } from '@orrery/sdk';
import { warehouse } from '../resources/database.js';
import type { UpsertResult } from '../resources/warehouse.js';
import type { Order } from '../utils/sales.js';

/** The warehouse table the pipeline loads. */
export const ORDERS_TABLE = 'orders';

/** Upserts the orders by id into the warehouse. */
export const loadOrders = op(
  {
    name: 'load_orders',
    description: `Upserts orders by id into the warehouse table ${ORDERS_TABLE}`,
    ins: { orders: In<Order[]>() },
    resources: { warehouse },
    retry: { maxRetries: 3, delay: 500 },
  },
  async (context, { orders }) => {
    const result: UpsertResult = await context.resources.warehouse.upsert(ORDERS_TABLE, orders, 'id');
    context.log.info('loaded orders', { table: ORDERS_TABLE, ...result });
    return Output(result, { metadata: { table: ORDERS_TABLE, inserted: result.inserted, updated: result.updated, total: result.total } });
  },
);
