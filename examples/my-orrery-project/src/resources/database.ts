// The warehouse the data_pipeline job loads into. Locally it is a directory of JSON tables
// (or memory, for tests), so the example needs no database server. A Postgres warehouse
// would implement the same `Warehouse` interface with a `pg` pool in `setup` and `pool.end()`
// in `teardown`; this repository's lint keeps drivers out of the example's code (the
// `type:example` boundary), so it is not shipped here.
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { resource } from '@orrery/sdk';
import { z } from 'zod';

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
}

const TABLE_NAME = /^[a-z_][a-z0-9_]*$/;

function assertTable(table: string): void {
  if (!TABLE_NAME.test(table)) throw new RangeError(`invalid table name ${JSON.stringify(table)}: use [a-z_][a-z0-9_]*`);
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
}

/** A warehouse as a directory of `<table>.json` files. */
export class LocalWarehouse implements Warehouse {
  // Upserts of one table are serialized: two steps of a run loading the same table
  // must not read the same old file and lose each other's rows.
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(readonly dir: string) {}

  upsert<T extends object>(table: string, rows: readonly T[], key: keyof T & string): Promise<UpsertResult> {
    assertTable(table);
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
    return next;
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
}

/** Config of {@link warehouse}. */
export const warehouseConfig = z.object({
  /** Directory of the tables, or `:memory:`. */
  dir: z.string().min(1),
});

/** The warehouse resource (key `warehouse`). */
export const warehouse = resource({
  description: 'The warehouse: JSON tables in a local directory (or :memory:)',
  config: warehouseConfig,
  setup: (config): Warehouse => (config.dir === ':memory:' ? new MemoryWarehouse() : new LocalWarehouse(config.dir)),
});
