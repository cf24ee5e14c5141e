// The shop's data model and the pure transformations shared by the assets (src/assets)
// and the ops of the data_pipeline job (src/ops): one cleaning rule, two ways to run it.
import { groupBy, isDay, normalizeEmail, parseCents, sumBy, utcDay } from './helpers.js';

/** A customer as the shop API returns it (strings, unvalidated). */
export interface RawCustomer {
  readonly customer_id: string;
  readonly name: string;
  readonly email: string;
  readonly country: string;
  readonly signed_up_at: string;
}

/** An order as the shop API (or a landing CSV file) gives it: every field a string. */
export interface RawOrder {
  readonly order_id: string;
  readonly customer_id: string;
  /** Decimal string in `currency`, e.g. `"42.50"`. */
  readonly amount: string;
  readonly currency: string;
  /** `completed`, `refunded` or `pending`. */
  readonly status: string;
  /** ISO instant. */
  readonly created_at: string;
}

/** A validated customer. */
export interface Customer {
  readonly id: string;
  readonly name: string;
  /** Lower-case. */
  readonly email: string;
  /** ISO 3166 alpha-2, upper-case. */
  readonly country: string;
  /** `YYYY-MM-DD`. */
  readonly signupDay: string;
}

/** A validated, final order, its amount converted to EUR cents. */
export interface Order {
  readonly id: string;
  readonly customerId: string;
  /** UTC day the order was placed, `YYYY-MM-DD`. */
  readonly day: string;
  /** Always positive; refunds are told apart by `status`. */
  readonly amountEurCents: number;
  readonly originalCurrency: string;
  readonly status: 'completed' | 'refunded';
}

/** A raw record that cleaning dropped, and why. */
export interface Rejected {
  readonly id: string;
  readonly reason: string;
}

/** Result of a cleaning function. */
export interface Cleaned<T> {
  readonly rows: T[];
  readonly rejected: Rejected[];
}

/** Fixed conversion rates to EUR: the example must give the same numbers every day. */
export const EUR_RATES: Readonly<Record<string, number>> = Object.freeze({ EUR: 1, USD: 0.92, GBP: 1.17 });

/** Validates customers: normalized email and country, duplicates by id dropped (first wins). */
export function cleanCustomerRecords(raw: readonly RawCustomer[]): Cleaned<Customer> {
  const rows: Customer[] = [];
  const rejected: Rejected[] = [];
  const seen = new Set<string>();
  for (const customer of raw) {
    const id = customer.customer_id.trim();
    const email = normalizeEmail(customer.email);
    const country = customer.country.trim().toUpperCase();
    const signup = new Date(customer.signed_up_at);
    const reason =
      id === '' ? 'missing id'
        : seen.has(id) ? 'duplicate id'
          : email === undefined ? `invalid email ${JSON.stringify(customer.email)}`
            : !/^[A-Z]{2}$/.test(country) ? `invalid country ${JSON.stringify(customer.country)}`
              : Number.isNaN(signup.getTime()) ? 'invalid signup time'
                : undefined;
    if (reason !== undefined) {
      rejected.push({ id, reason });
      continue;
    }
    seen.add(id);
    rows.push({ id, name: customer.name.trim(), email: email!, country, signupDay: utcDay(signup) });
  }
  return { rows, rejected };
}

/**
 * Validates orders and converts them to EUR cents. Pending orders are not final and are
 * left out; so is anything malformed, and, when `day` is given, orders of another day.
 */
export function cleanOrderRecords(raw: readonly RawOrder[], day?: string): Cleaned<Order> {
  if (day !== undefined && !isDay(day)) throw new RangeError(`not a day: ${JSON.stringify(day)}`);
  const rows: Order[] = [];
  const rejected: Rejected[] = [];
  const seen = new Set<string>();
  for (const order of raw) {
    const id = order.order_id.trim();
    const cents = parseCents(order.amount);
    const currency = order.currency.trim().toUpperCase();
    const rate = EUR_RATES[currency];
    const status = order.status.trim().toLowerCase();
    const placed = new Date(order.created_at);
    const placedDay = Number.isNaN(placed.getTime()) ? undefined : utcDay(placed);
    const reason =
      id === '' ? 'missing id'
        : seen.has(id) ? 'duplicate id'
          : order.customer_id.trim() === '' ? 'missing customer'
            : cents === undefined ? `invalid amount ${JSON.stringify(order.amount)}`
              : cents <= 0 ? `non-positive amount ${order.amount}`
                : rate === undefined ? `unknown currency ${JSON.stringify(order.currency)}`
                  : status === 'pending' ? 'pending'
                    : status !== 'completed' && status !== 'refunded' ? `unknown status ${JSON.stringify(order.status)}`
                      : placedDay === undefined ? 'invalid created_at'
                        : day !== undefined && placedDay !== day ? `placed on ${placedDay}, not ${day}`
                          : undefined;
    if (reason !== undefined) {
      rejected.push({ id, reason });
      continue;
    }
    seen.add(id);
    rows.push({
      id,
      customerId: order.customer_id.trim(),
      day: placedDay!,
      amountEurCents: Math.round(cents! * rate!),
      originalCurrency: currency,
      status: status as Order['status'],
    });
  }
  return { rows, rejected };
}

/** Revenue of one country in a {@link DailyRevenueReport}. */
export interface CountryRevenue {
  readonly country: string;
  readonly orders: number;
  readonly netEurCents: number;
}

/** The daily revenue report (the analytics asset's value). */
export interface DailyRevenueReport {
  readonly day: string;
  readonly orders: number;
  readonly completedEurCents: number;
  readonly refundedEurCents: number;
  /** Completed minus refunded. */
  readonly netEurCents: number;
  /** By net revenue, highest first; orders of unknown customers under `unknown`. */
  readonly byCountry: CountryRevenue[];
  /** The three customers with the highest net revenue of the day. */
  readonly topCustomers: { readonly customerId: string; readonly name: string; readonly netEurCents: number }[];
}

const net = (order: Order): number => (order.status === 'refunded' ? -order.amountEurCents : order.amountEurCents);
const byNetThenName = <T extends { netEurCents: number }>(key: (row: T) => string) => (a: T, b: T) =>
  b.netEurCents - a.netEurCents || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

/** Builds the revenue report of `day` from its orders and the customers. */
export function dailyRevenue(day: string, orders: readonly Order[], customers: readonly Customer[]): DailyRevenueReport {
  const customersById = new Map(customers.map((customer) => [customer.id, customer]));
  const ofDay = orders.filter((order) => order.day === day);
  const completed = sumBy(ofDay.filter((order) => order.status === 'completed'), (order) => order.amountEurCents);
  const refunded = sumBy(ofDay.filter((order) => order.status === 'refunded'), (order) => order.amountEurCents);
  const byCountry = [...groupBy(ofDay, (order) => customersById.get(order.customerId)?.country ?? 'unknown')]
    .map(([country, rows]) => ({ country, orders: rows.length, netEurCents: sumBy(rows, net) }))
    .sort(byNetThenName((row) => row.country));
  const topCustomers = [...groupBy(ofDay, (order) => order.customerId)]
    .map(([customerId, rows]) => ({ customerId, name: customersById.get(customerId)?.name ?? '(unknown)', netEurCents: sumBy(rows, net) }))
    .sort(byNetThenName((row) => row.customerId))
    .slice(0, 3);
  return { day, orders: ofDay.length, completedEurCents: completed, refundedEurCents: refunded, netEurCents: completed - refunded, byCountry, topCustomers };
}

/** Customers by country and by signup month. */
export interface CustomerSummary {
  readonly customers: number;
  readonly byCountry: { readonly country: string; readonly customers: number }[];
  readonly signupsByMonth: { readonly month: string; readonly customers: number }[];
}

/** Summarizes the customer base. */
export function summarizeCustomers(customers: readonly Customer[]): CustomerSummary {
  const count = (groups: Map<string, Customer[]>) => [...groups].map(([key, rows]) => [key, rows.length] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    customers: customers.length,
    byCountry: count(groupBy(customers, (customer) => customer.country)).map(([country, n]) => ({ country, customers: n })),
    signupsByMonth: count(groupBy(customers, (customer) => customer.signupDay.slice(0, 7))).map(([month, n]) => ({ month, customers: n })),
  };
}
