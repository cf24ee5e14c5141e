import { z } from 'zod';
import { ROW_COUNT_METADATA_KEY, MetadataValue, type MetadataInput } from '../metadata/metadata-value.js';
import { ioManagerResource, type ResourceDefinition } from '../resources/resource.js';
import type { ConfigValues } from '../resources/env-var.js';
import {
  IOManagerError,
  StoredValueNotFoundError,
  describeStored,
  loadByPartition,
  valuesByPartition,
  type IOManager,
  type InputContext,
  type OutputContext,
} from './io-manager.js';
import { isSafeIdentifier, postgresIndexName, postgresTableName, quoteIdentifier } from './postgres-naming.js';

/**
 * The part of a `pg.Pool` the Postgres IO manager uses. Pass your `pg.Pool` (or any
 * client with this method); the SDK never imports a driver.
 */
export interface QueryablePool {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** Options of {@link PostgresIOManager}. */
export interface PostgresIOManagerOptions {
  readonly pool: QueryablePool;
  /** Schema of the tables, created if missing. Default `public`. */
  readonly schema?: string;
  /** Prepended to every table name, e.g. `orrery_`. Default none. */
  readonly tablePrefix?: string;
}

const name = 'postgresIOManager';
// Row -1 marks "this partition was stored", so an empty array round-trips as [] rather
// than reading as "never materialized".
const markerRow = -1;

/**
 * Stores asset values as JSON rows, one table per asset (see `postgresTableName`):
 * `(partition_key text, row_index int, row jsonb, run_id text, stored_at timestamptz)`.
 * A value must be an array (its rows); unpartitioned assets use partition key `''`.
 * Writing a partition replaces its rows in one statement, so readers see the old rows or
 * the new ones, never a mix. Op outputs are not supported: use another IO manager.
 */
export class PostgresIOManager implements IOManager {
  readonly schema: string;
  readonly tablePrefix: string;
  private readonly pool: QueryablePool;
  private readonly created = new Set<string>();

  constructor(options: PostgresIOManagerOptions) {
    this.pool = options.pool;
    this.schema = options.schema ?? 'public';
    this.tablePrefix = options.tablePrefix ?? '';
    quoteIdentifier(this.schema);
    if (this.tablePrefix !== '' && !isSafeIdentifier(this.tablePrefix)) quoteIdentifier(this.tablePrefix);
  }

  async handleOutput(context: OutputContext, value: unknown): Promise<{ metadata: MetadataInput }> {
    const table = this.tableFor(context);
    await this.ensureTable(table);
    let rows = 0;
    for (const [partitionKey, partValue] of valuesByPartition(name, context, value)) {
      if (!Array.isArray(partValue)) {
        throw new IOManagerError(name, `${describeStored(context, partitionKey)}: the value must be an array of JSON rows`);
      }
      rows += partValue.length;
      await this.pool.query(
        `WITH deleted AS (DELETE FROM ${this.qualified(table)} WHERE partition_key = $1)
         INSERT INTO ${this.qualified(table)} (partition_key, row_index, row, run_id)
         SELECT $1, ${markerRow}, 'null'::jsonb, $3
         UNION ALL
         SELECT $1, (e.ordinality - 1)::int, e.value, $3 FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS e(value, ordinality)`,
        [partitionKey, JSON.stringify(partValue), context.runId],
      );
    }
    return { metadata: { [ROW_COUNT_METADATA_KEY]: MetadataValue.int(rows), 'orrery/table': MetadataValue.text(`${this.schema}.${table}`) } };
  }

  async loadInput(context: InputContext): Promise<unknown> {
    const table = this.tableFor(context);
    const keys = context.partitionKeys.length === 0 ? [''] : [...context.partitionKeys];
    let result: { rows: unknown[] };
    try {
      result = await this.pool.query(
        `SELECT partition_key, row_index, row FROM ${this.qualified(table)}
         WHERE partition_key = ANY($1::text[]) ORDER BY partition_key, row_index`,
        [keys],
      );
    } catch (error) {
      // 42P01 undefined_table: nothing was ever stored for this asset.
      if ((error as { code?: unknown }).code === '42P01') throw new StoredValueNotFoundError(describeStored(context));
      throw error;
    }
    const byPartition = new Map<string, unknown[]>();
    for (const raw of result.rows) {
      const row = raw as { partition_key: string; row_index: number; row: unknown };
      let list = byPartition.get(row.partition_key);
      if (list === undefined) byPartition.set(row.partition_key, (list = []));
      if (row.row_index !== markerRow) list.push(row.row);
    }
    return loadByPartition(context, async (partitionKey) => {
      const rows = byPartition.get(partitionKey);
      if (rows === undefined) throw new StoredValueNotFoundError(describeStored(context, partitionKey));
      return rows;
    });
  }

  /** The table of the asset of `context`. */
  tableFor(context: OutputContext | InputContext): string {
    if (context.assetKey === undefined) throw new IOManagerError(name, 'stores asset values only, not op outputs');
    return postgresTableName(context.assetKey, this.tablePrefix);
  }

  private qualified(table: string): string {
    return `${quoteIdentifier(this.schema)}.${quoteIdentifier(table)}`;
  }

  private async ensureTable(table: string): Promise<void> {
    if (this.created.has(table)) return;
    try {
      if (this.schema !== 'public') await this.pool.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(this.schema)}`);
      await this.pool.query(
        `CREATE TABLE IF NOT EXISTS ${this.qualified(table)} (
           partition_key text NOT NULL,
           row_index integer NOT NULL,
           row jsonb NOT NULL,
           run_id text NOT NULL,
           stored_at timestamptz NOT NULL DEFAULT now())`,
      );
      await this.pool.query(
        `CREATE INDEX IF NOT EXISTS ${quoteIdentifier(postgresIndexName(this.schema, table))}
         ON ${this.qualified(table)} (partition_key, row_index)`,
      );
    } catch (error) {
      // Two steps creating the same table at once: IF NOT EXISTS still races on the
      // catalog (23505 unique_violation / 42P07 duplicate_table); the table exists either way.
      const code = (error as { code?: unknown }).code;
      if (code !== '23505' && code !== '42P07') {
        throw new IOManagerError(name, `cannot create table for ${table}`, { cause: error });
      }
    }
    this.created.add(table);
  }
}

const identifier = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'only [a-z_][a-z0-9_]*, at most 63 characters');
const configSchema = z.object({
  schema: identifier.default('public'),
  tablePrefix: z.union([z.literal(''), identifier]).default(''),
});

/**
 * The Postgres IO manager as a resource. `pool` is your `pg.Pool` (kept out of
 * snapshots); `schema` and `tablePrefix` may be env references.
 */
export function postgresIOManager(options: {
  readonly pool: QueryablePool;
  readonly schema?: ConfigValues<string>;
  readonly tablePrefix?: ConfigValues<string>;
}): ResourceDefinition<PostgresIOManager, typeof configSchema, never> {
  const values: Record<string, unknown> = {};
  if (options.schema !== undefined) values.schema = options.schema;
  if (options.tablePrefix !== undefined) values.tablePrefix = options.tablePrefix;
  return ioManagerResource({
    description: 'JSON rows in Postgres, one table per asset',
    config: configSchema,
    setup: (config) => new PostgresIOManager({ pool: options.pool, schema: config.schema, tablePrefix: config.tablePrefix }),
  }).configured(values);
}

