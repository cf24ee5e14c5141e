// The warehouse in Postgres: one table per warehouse table, in its own schema, each row a
// jsonb document under its key. Queries are parameterized; the only names that reach SQL
// are the schema and table names, checked against TABLE_NAME and quoted.
import pg from 'pg';
import { TABLE_NAME, assertTable, type Row, type UpsertResult, type Warehouse } from './warehouse.js';

/** Postgres error codes of a missing table and a missing schema. */
const UNDEFINED_TABLE = '42P01';
const INVALID_SCHEMA_NAME = '3F000';

/** A warehouse in a Postgres schema, over a pool it owns (close() ends it). */
export class PostgresWarehouse implements Warehouse {
  // Tables known to exist, so a load creates its table once per instance, not per call.
  private readonly created = new Map<string, Promise<void>>();

  constructor(
    private readonly pool: pg.Pool,
    /** The schema holding the tables; created on the first load. */
    readonly schema = 'warehouse',
  ) {
    if (!TABLE_NAME.test(schema)) throw new RangeError(`invalid schema name ${JSON.stringify(schema)}`);
  }

  async upsert<T extends object>(table: string, rows: readonly T[], key: keyof T & string): Promise<UpsertResult> {
    assertTable(table);
    // One row per key, the last wins (as in the local warehouse): ON CONFLICT refuses to
    // touch one row twice in a statement.
    const byKey = new Map<string, T>();
    for (const row of rows) {
      const value = (row as Row)[key];
      if (value === undefined || value === null) throw new RangeError(`a row has no ${key}`);
      byKey.set(String(value), row);
    }
    await this.ensureTable(table);
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // xmax is 0 on a freshly inserted row and set on a row the conflict clause updated.
      const written = await client.query<{ inserted: boolean }>(
        `INSERT INTO ${this.qualified(table)} (key, doc)
         SELECT * FROM unnest($1::text[], $2::jsonb[])
         ON CONFLICT (key) DO UPDATE SET doc = EXCLUDED.doc, loaded_at = now()
         RETURNING (xmax = 0) AS inserted`,
        [[...byKey.keys()], [...byKey.values()].map((row) => JSON.stringify(row))],
      );
      const total = await client.query<{ total: number }>(`SELECT count(*)::int AS total FROM ${this.qualified(table)}`);
      await client.query('COMMIT');
      const inserted = written.rows.filter((row) => row.inserted).length;
      // Counted like the local warehouse: every row given that did not add a key updated one.
      return { inserted, updated: rows.length - inserted, total: total.rows[0]!.total };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async select(table: string): Promise<Row[]> {
    assertTable(table);
    try {
      // COLLATE "C": byte order, the order the local warehouse sorts keys in.
      const result = await this.pool.query<{ doc: Row }>(`SELECT doc FROM ${this.qualified(table)} ORDER BY key COLLATE "C"`);
      return result.rows.map((row) => row.doc);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === UNDEFINED_TABLE || code === INVALID_SCHEMA_NAME) return [];
      throw error;
    }
  }

  async tables(): Promise<string[]> {
    const result = await this.pool.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name COLLATE "C"`,
      [this.schema],
    );
    return result.rows.map((row) => row.name);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private qualified(table: string): string {
    return `${pg.escapeIdentifier(this.schema)}.${pg.escapeIdentifier(table)}`;
  }

  private ensureTable(table: string): Promise<void> {
    let creating = this.created.get(table);
    if (creating === undefined) {
      creating = this.createTable(table).catch((error: unknown) => {
        this.created.delete(table);
        throw error;
      });
      this.created.set(table, creating);
    }
    return creating;
  }

  private async createTable(table: string): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // IF NOT EXISTS is not safe against a concurrent CREATE (both may pass the check and
      // collide in the catalog): loads from other processes serialize on this lock.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`orrery-example-warehouse:${this.schema}`]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${pg.escapeIdentifier(this.schema)}`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${this.qualified(table)} (
           key text PRIMARY KEY,
           doc jsonb NOT NULL,
           loaded_at timestamptz NOT NULL DEFAULT now()
         )`,
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
