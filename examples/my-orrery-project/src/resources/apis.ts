// The shop API: where raw customers and orders come from. By default (SHOP_API_URL empty)
// it serves generated sample data — deterministic, offline — so the example runs anywhere
// and its tests always see the same rows. With a URL it is an HTTP client with a timeout
// per attempt and retries with exponential back-off.
import { resource } from '@orrery/sdk';
import { z } from 'zod';
import { hashString, seededRandom } from '../utils/helpers.js';
import type { RawCustomer, RawOrder } from '../utils/sales.js';

/** What the assets and ops need from the shop. */
export interface ShopApi {
  /** Every customer. */
  customers(signal?: AbortSignal): Promise<RawCustomer[]>;
  /** Orders placed on `day` (`YYYY-MM-DD`, UTC). */
  ordersForDay(day: string, signal?: AbortSignal): Promise<RawOrder[]>;
}

const FIRST_NAMES = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Margaret', 'Ken', 'Frances', 'Niklaus'];
const LAST_NAMES = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Hamilton', 'Thompson', 'Allen', 'Wirth'];
const COUNTRIES = ['DE', 'FR', 'GB', 'US', 'NL', 'ES'];
const CURRENCIES = ['EUR', 'EUR', 'EUR', 'USD', 'GBP'];

/**
 * Generated sample data with the flaws real exports have (duplicates, bad emails, pending
 * and malformed orders), the same for a given seed and day on every machine.
 */
export class SampleShopApi implements ShopApi {
  /** Number of well-formed customers generated (a few flawed ones are added). */
  static readonly CUSTOMER_COUNT = 40;

  constructor(private readonly seed = 42) {}

  async customers(): Promise<RawCustomer[]> {
    const random = seededRandom(hashString(`${this.seed}:customers`));
    const customers: RawCustomer[] = [];
    for (let i = 1; i <= SampleShopApi.CUSTOMER_COUNT; i += 1) {
      const first = FIRST_NAMES[Math.floor(random() * FIRST_NAMES.length)]!;
      const last = LAST_NAMES[Math.floor(random() * LAST_NAMES.length)]!;
      const signup = new Date(Date.UTC(2023, 0, 1) + Math.floor(random() * 365) * 86_400_000);
      // Some emails arrive with capitals and stray spaces, as typed into a signup form.
      const email = `${first}.${last}${i}@example.com`;
      customers.push({
        customer_id: customerId(i),
        name: `${first} ${last}`,
        email: random() < 0.2 ? ` ${email.toUpperCase()} ` : email.toLowerCase(),
        country: COUNTRIES[Math.floor(random() * COUNTRIES.length)]!,
        signed_up_at: signup.toISOString(),
      });
    }
    // The flaws the cleaning step must handle: a duplicated record, an invalid email.
    customers.push({ ...customers[6]!, email: customers[6]!.email.toUpperCase() });
    customers.push({ customer_id: customerId(41), name: 'No Email', email: 'not-an-email', country: 'DE', signed_up_at: '2023-06-01T00:00:00.000Z' });
    return customers;
  }

  async ordersForDay(day: string): Promise<RawOrder[]> {
    const random = seededRandom(hashString(`${this.seed}:orders:${day}`));
    const start = Date.parse(`${day}T00:00:00Z`);
    if (Number.isNaN(start)) throw new RangeError(`not a day: ${JSON.stringify(day)}`);
    const count = 15 + Math.floor(random() * 20);
    const orders: RawOrder[] = [];
    for (let i = 1; i <= count; i += 1) {
      // Customer 41 is rejected by cleaning: its orders land in the report's `unknown`.
      const customer = 1 + Math.floor(random() * (SampleShopApi.CUSTOMER_COUNT + 1));
      const roll = random();
      const status = roll < 0.8 ? 'completed' : roll < 0.9 ? 'refunded' : 'pending';
      const amount = (5 + random() * 295).toFixed(2);
      const malformed = random() < 0.04;
      orders.push({
        order_id: `ord-${day.replaceAll('-', '')}-${String(i).padStart(3, '0')}`,
        customer_id: customerId(customer),
        amount: malformed ? 'n/a' : amount,
        currency: CURRENCIES[Math.floor(random() * CURRENCIES.length)]!,
        status,
        created_at: new Date(start + Math.floor(random() * 86_400) * 1000).toISOString(),
      });
    }
    return orders;
  }
}

function customerId(n: number): string {
  return `cust-${String(n).padStart(3, '0')}`;
}

const rawCustomerSchema = z.object({
  customer_id: z.string(), name: z.string(), email: z.string(), country: z.string(), signed_up_at: z.string(),
});
const rawOrderSchema = z.object({
  order_id: z.string(), customer_id: z.string(), amount: z.string(), currency: z.string(), status: z.string(), created_at: z.string(),
});

/** Thrown by {@link HttpShopApi} when a request fails for good (after its retries). */
export class ShopApiError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = 'ShopApiError';
  }
}

/** Options of {@link HttpShopApi}. */
export interface HttpShopApiOptions {
  readonly baseUrl: string;
  /** Bearer token; empty for none. */
  readonly token: string;
  /** Time limit of one attempt, in ms. */
  readonly timeoutMs: number;
  /** Retries after the first attempt, on network errors, timeouts, 429 and 5xx. */
  readonly maxRetries: number;
  /** Wait before the first retry in ms; doubled for each further one. */
  readonly retryDelayMs: number;
  /** Injected in tests; default the global fetch. */
  readonly fetch?: typeof fetch;
}

/** The shop's HTTP API: `GET /customers`, `GET /orders?date=YYYY-MM-DD`, JSON arrays. */
export class HttpShopApi implements ShopApi {
  private readonly fetch: typeof fetch;

  constructor(private readonly options: HttpShopApiOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  async customers(signal?: AbortSignal): Promise<RawCustomer[]> {
    return z.array(rawCustomerSchema).parse(await this.get('/customers', signal));
  }

  async ordersForDay(day: string, signal?: AbortSignal): Promise<RawOrder[]> {
    return z.array(rawOrderSchema).parse(await this.get(`/orders?date=${encodeURIComponent(day)}`, signal));
  }

  private async get(path: string, signal: AbortSignal | undefined): Promise<unknown> {
    const url = `${this.options.baseUrl.replace(/\/+$/, '')}${path}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.options.token !== '') headers.authorization = `Bearer ${this.options.token}`;
    let lastError: ShopApiError | undefined;
    for (let attempt = 0; attempt <= this.options.maxRetries; attempt += 1) {
      if (attempt > 0) await sleep(this.options.retryDelayMs * 2 ** (attempt - 1), signal);
      // The run's signal cancels the request; the timeout bounds one attempt only.
      const attemptSignal = AbortSignal.any([AbortSignal.timeout(this.options.timeoutMs), ...(signal ? [signal] : [])]);
      try {
        const response = await this.fetch(url, { headers, signal: attemptSignal });
        if (response.ok) return await response.json();
        lastError = new ShopApiError(`GET ${path}: HTTP ${response.status}`, response.status);
        if (response.status !== 429 && response.status < 500) throw lastError; // the request itself is wrong
      } catch (error) {
        if (error === lastError) throw error;
        if (signal?.aborted) throw error;
        lastError = new ShopApiError(`GET ${path}: ${(error as Error).message}`, undefined, { cause: error });
      }
    }
    throw new ShopApiError(`${lastError!.message} (after ${this.options.maxRetries + 1} attempts)`, lastError!.status, { cause: lastError });
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    }, { once: true });
  });
}

/** Config of {@link shopApi}. Values from env() are strings: numbers are coerced. */
export const shopApiConfig = z.object({
  /** Empty: the built-in sample data. */
  baseUrl: z.union([z.literal(''), z.url()]).default(''),
  token: z.string().default(''),
  timeoutMs: z.coerce.number().int().positive().default(10_000),
  maxRetries: z.coerce.number().int().min(0).max(10).default(3),
  retryDelayMs: z.coerce.number().int().min(0).default(500),
  /** Seed of the sample data. */
  sampleSeed: z.coerce.number().int().default(42),
});

/** The shop API resource (key `shop_api`). */
export const shopApi = resource({
  description: 'The shop API (customers, orders); built-in deterministic sample data when baseUrl is empty',
  config: shopApiConfig,
  setup: (config, _deps, context): ShopApi => {
    if (config.baseUrl === '') {
      context.log.info('shop api: serving built-in sample data', { seed: config.sampleSeed });
      return new SampleShopApi(config.sampleSeed);
    }
    return new HttpShopApi(config);
  },
});
