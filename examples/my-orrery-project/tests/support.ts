// Test helpers of the example: a temporary environment, a hand-written shop API, and an
// op context for calling an op's function directly.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger, unwrapOutput, type EnvMap, type OpDefinitionData, type OpExecutionContext } from '@orrery/sdk';
import { onTestFinished } from 'vitest';
import { resources } from '../src/definitions.js';
import type { ShopApi } from '../src/resources/apis.js';
import type { RawCustomer, RawOrder } from '../src/utils/sales.js';

/** A fresh directory, removed when the current test ends. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'my-orrery-project-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * The variables of .env.example, pointing into `dir`: offline, with the built-in sample
 * data, local directories for the warehouse and the bucket, and the shipped weather CSV.
 */
export function testEnv(dir: string, overrides: EnvMap = {}): EnvMap {
  return {
    ORRERY_DATA_DIR: join(dir, 'storage'),
    SHOP_API_URL: '',
    SHOP_API_TOKEN: '',
    WAREHOUSE_DATABASE_URL: '',
    WAREHOUSE_DIR: join(dir, 'warehouse'),
    OBJECT_STORE_DIR: join(dir, 'object-store'),
    S3_ENDPOINT: '',
    S3_REGION: '',
    S3_ACCESS_KEY_ID: '',
    S3_SECRET_ACCESS_KEY: '',
    S3_FORCE_PATH_STYLE: '',
    LANDING_DIR: join(dir, 'landing'),
    WEATHER_DATA_DIR: '',
    ...overrides,
  };
}

/**
 * The resources of src/definitions.ts except the IO manager: `materialize()` then keeps
 * values in memory, where `valueOf()` reads them.
 */
export function definitionResources(): Record<string, unknown> {
  const { io_manager: _filesystem, ...rest } = resources;
  return rest;
}

/** A shop API serving the rows a test gives it. */
export class FakeShopApi implements ShopApi {
  readonly calls: string[] = [];

  constructor(
    private readonly customerRows: readonly RawCustomer[],
    private readonly ordersByDay: Readonly<Record<string, readonly RawOrder[]>>,
  ) {}

  async customers(): Promise<RawCustomer[]> {
    this.calls.push('customers');
    return [...this.customerRows];
  }

  async ordersForDay(day: string): Promise<RawOrder[]> {
    this.calls.push(`orders ${day}`);
    return [...(this.ordersByDay[day] ?? [])];
  }
}

/** A raw customer with defaults. */
export function rawCustomer(id: string, country: string, fields: Partial<RawCustomer> = {}): RawCustomer {
  return { customer_id: id, name: `Customer ${id}`, email: `${id}@example.com`, country, signed_up_at: '2023-05-01T10:00:00Z', ...fields };
}

/** A raw order with defaults (completed, EUR, noon of `day`). */
export function rawOrder(id: string, customerId: string, amount: string, day: string, fields: Partial<RawOrder> = {}): RawOrder {
  return { order_id: id, customer_id: customerId, amount, currency: 'EUR', status: 'completed', created_at: `${day}T12:00:00Z`, ...fields };
}

/**
 * An op's context for calling its function directly, as the engine would build it for a
 * step of a run (the SDK has no `buildOpContext` yet).
 */
export function opContext<Config, Resources>(options: {
  readonly opName: string;
  readonly config: Config;
  readonly resources: Resources;
  readonly partitionKey?: string;
}): OpExecutionContext<Config, Resources> {
  return {
    runId: 'test-run',
    jobName: 'data_pipeline',
    log: silentLogger,
    resources: options.resources,
    runTags: {},
    signal: new AbortController().signal,
    // Direct calls store nothing: dynamic-partition changes are dropped.
    instance: { addDynamicPartitions: () => undefined, deleteDynamicPartitions: () => undefined },
    partitionKey: options.partitionKey,
    partitionKeys: options.partitionKey === undefined ? [] : [options.partitionKey],
    partitionKeyRange: undefined,
    partitionTimeWindow: undefined,
    opName: options.opName,
    stepKey: options.opName,
    config: options.config,
    mappingKey: undefined,
    retryNumber: 0,
  };
}

/** Calls an op's function and unwraps `Output(...)`: the value and its metadata. */
export async function invokeOp<T>(
  op: OpDefinitionData,
  context: OpExecutionContext<unknown, unknown>,
  inputs: Readonly<Record<string, unknown>> = {},
): Promise<{ value: T; metadata: Record<string, unknown> }> {
  const output = unwrapOutput(await op.compute(context as OpExecutionContext<unknown, Readonly<Record<string, unknown>>>, inputs));
  return { value: output.value as T, metadata: output.metadata };
}
