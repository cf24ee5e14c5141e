// The warehouse interface the data_pipeline job loads into, and its local backends: a
// directory of JSON tables, or memory (tests). The Postgres backend is
// postgres-warehouse.ts; database.ts chooses between them.
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A row of a warehouse table. */
export type Row = Readonly<Record<string, unknown>>;

/** Outcome of {@link Warehouse.upsert}. */
export interface UpsertResult {
  readonly inserted: number;
  readonly updated: number;
  /** Rows in the table afterwards. */
  readonly total: number;
}

/** Tables of rows keyed by one column. */
export interface Warehouse {
  /** Inserts `rows`, replacing the rows with the same `key` value. Idempotent: a retried load changes nothing. */
  upsert<T extends object>(table: string, rows: readonly T[], key: keyof T & string): Promise<UpsertResult>;
  /** Every row of `table`, by key; empty when the table does not exist. */
  select(table: string): Promise<Row[]>;
  /** Names of the tables, sorted. */
  tables(): Promise<string[]>;
  /** Releases connections; the warehouse is not used afterwards. */
  close(): Promise<void>;
}

/** Table names: lower-case identifiers, safe as file names and SQL identifiers alike. */
export const TABLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Throws a RangeError for a table name that is not {@link TABLE_NAME}. */
export function assertTable(table: string): void {
  if (!TABLE_NAME.test(table)) throw new RangeError(`invalid table name ${JSON.stringify(table)}: use [a-z_][a-z0-9_]*, at most 63 characters`);
}

function merge(existing: readonly Row[], rows: readonly object[], key: string): { rows: Row[]; inserted: number; updated: number } {
  const byKey = new Map(existing.map((row) => [String(row[key]), row]));
  let inserted = 0;
  let updated = 0;
  for (const row of rows as readonly Row[]) {
    if (row[key] === undefined || row[key] === null) throw new RangeError(`a row has no ${key}`);
    const id = String(row[key]);
    if (byKey.has(id)) updated += 1;
    else inserted += 1;
    byKey.set(id, row);
  }
  const merged = [...byKey].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
  return { rows: merged, inserted, updated };
}

/** A warehouse in memory: tests, and `WAREHOUSE_DIR=:memory:`. */
export class MemoryWarehouse implements Warehouse {
  readonly data = new Map<string, Row[]>();

  async upsert<T extends object>(table: string, rows: readonly T[], key: keyof T & string): Promise<UpsertResult> {
    assertTable(table);
    const result = merge(this.data.get(table) ?? [], rows, key);
    this.data.set(table, result.rows);
    return { inserted: result.inserted, updated: result.updated, total: result.rows.length };
  }

  async select(table: string): Promise<Row[]> {
    assertTable(table);
    return [...(this.data.get(table) ?? [])];
  }

  async tables(): Promise<string[]> {
    return [...this.data.keys()].sort();
  }

  async close(): Promise<void> {}
}

/** A warehouse as a directory of `<table>.json` files. */
export class LocalWarehouse implements Warehouse {
  // Upserts of one table are serialized: two steps of a run loading the same table
  // must not read the same old file and lose each other's rows.
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(readonly dir: string) {}

  async upsert<T extends object>(table: string, rows: readonly T[], key: keyof T & string): Promise<UpsertResult> {
    assertTable(table);
    // No await before the queue is updated: two calls in a row always chain.
    const previous = this.queues.get(table) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(async () => {
      const result = merge(await this.select(table), rows, key);
      await mkdir(this.dir, { recursive: true });
      // Write then rename: a reader never sees half a table.
      const file = join(this.dir, `${table}.json`);
      await writeFile(`${file}.tmp`, `${JSON.stringify(result.rows, null, 2)}\n`);
      await rename(`${file}.tmp`, file);
      return { inserted: result.inserted, updated: result.updated, total: result.rows.length };
    });
    this.queues.set(table, next);
    return await next;
  }

  async select(table: string): Promise<Row[]> {
    assertTable(table);
    try {
      return JSON.parse(await readFile(join(this.dir, `${table}.json`), 'utf8')) as Row[];
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  async tables(): Promise<string[]> {
    try {
      return (await readdir(this.dir)).filter((name) => name.endsWith('.json')).map((name) => name.slice(0, -'.json'.length)).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  async close(): Promise<void> {}
}
