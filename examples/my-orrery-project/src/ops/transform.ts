// Transform: the same cleaning rules as the clean_orders asset (utils/sales.ts).
import { In, Output, op } from '@orrery/sdk';
import { cleanOrderRecords, type Order, type RawOrder } from '../utils/sales.js';

/** Validates raw orders and converts them to EUR cents; malformed rows are logged and dropped. */
export const transformOrders = op(
  {
    name: 'transform_orders',
    description: 'Validated final orders in EUR cents (pending and malformed rows dropped)',
    ins: { orders: In<RawOrder[]>({ description: 'raw orders from extract_orders' }) },
  },
  (context, { orders }) => {
    const { rows, rejected } = cleanOrderRecords(orders);
    for (const row of rejected.filter((r) => r.reason !== 'pending')) context.log.warn('dropped order', { ...row });
    return Output<Order[]>(rows, { metadata: { rows: rows.length, dropped: rejected.length } });
  },
);
