import { randomUUID } from 'node:crypto';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { dropDatabase, withClient, withDatabase, type DatabaseTarget } from './connection.js';

/** Postgres type ids: the single-byte `"char"` of the catalogs, and text. */
const CHAR_OID = 18;
const TEXT_OID = 25;

/**
 * A pg client that reports `"char"` result columns as text. The engine's describer reads
 * catalog columns of that type (`pg_constraint.contype`, `pg_class.relkind`, …), which
 * @prisma/adapter-pg 7.10 rejects ("Column type 'char' could not be deserialized"), so any
 * command that inspects a database (diff from migrations, migrate dev) would fail. pg
 * already returns such values as one-character strings, which is what text means.
 */
class CharAsTextClient extends pg.Client {}
const originalQuery = pg.Client.prototype.query as (...args: unknown[]) => unknown;
function relabelChar(result: pg.QueryResult | undefined): void {
  for (const field of result?.fields ?? []) if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
}
(CharAsTextClient.prototype as { query: unknown }).query = function (this: pg.Client, ...args: unknown[]) {
  // pg-pool calls query(config, values, callback); the adapter's transactions use promises.
  const last = args.at(-1);
  if (typeof last === 'function') {
    args[args.length - 1] = (error: unknown, result: pg.QueryResult) => {
      relabelChar(result);
      (last as (e: unknown, r: pg.QueryResult) => void)(error, result);
    };
    return originalQuery.apply(this, args);
  }
  const result = originalQuery.apply(this, args);
  if (!(result instanceof Promise)) return result;
  return result.then((value: pg.QueryResult) => {
    relabelChar(value);
    return value;
  });
};

/** Prefix of the throwaway databases the schema engine diffs migrations in. */
export const SHADOW_DATABASE_PREFIX = 'orrery_shadow_';

/**
 * The driver adapter the WASM schema engine talks to Postgres through.
 *
 * Why not `new PrismaPg(url)` as is: its `connectToShadowDb()` builds the shadow pool as
 * `{ connectionString, database: shadow }`, and pg lets the connection string override
 * `database`, so the "shadow" pool would be the main database, and the engine would
 * replay every migration into it.
 * Here the shadow database gets its own URL. We also own every pool, so `close()` ends them
 * (an idle pg pool would keep the script alive) and drops shadow databases the engine did
 * not release (e.g. after an error).
 */
export class MigrateAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres';
  readonly adapterName = '@prisma/adapter-pg';
  private readonly pools: pg.Pool[] = [];
  private readonly shadowDatabases = new Set<string>();

  constructor(private readonly target: DatabaseTarget) {}

  private pool(url: string): pg.Pool {
    const pool = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 5000, Client: CharAsTextClient });
    pool.on('error', () => undefined);
    this.pools.push(pool);
    return pool;
  }

  async connect(): Promise<SqlDriverAdapter> {
    return await new PrismaPg(this.pool(this.target.url)).connect();
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const name = `${SHADOW_DATABASE_PREFIX}${randomUUID().replaceAll('-', '')}`;
    await withClient(this.target, (client) => client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`));
    this.shadowDatabases.add(name);
    const pool = this.pool(withDatabase(this.target.url, name));
    const adapter = await new PrismaPg(pool).connect();
    const release = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await release();
      await pool.end();
      await this.dropShadow(name);
    };
    return adapter;
  }

  private async dropShadow(name: string): Promise<void> {
    if (!this.shadowDatabases.delete(name)) return;
    await dropDatabase(this.target.url, name);
  }

  /** Ends every pool and drops any shadow database still around. Safe to call twice. */
  async close(): Promise<void> {
    await Promise.allSettled(this.pools.splice(0).map((pool) => pool.end()));
    for (const name of [...this.shadowDatabases]) await this.dropShadow(name).catch(() => undefined);
  }
}
