import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import './provided-context.js';
import { withDatabase } from './postgres-url.js';
import { TEST_DATABASE_PREFIX } from './template-database.js';

/** A database of one test file. */
export interface TestDatabase {
  /** Connection URL; valid once the file's `beforeAll` hooks have run. */
  readonly url: string;
  /** The database name. */
  readonly name: string;
}

/** Options of {@link useTestDatabase}. */
export interface TestDatabaseOptions {
  /** Clone the migrated template (default) or start from an empty database (migration tests). */
  migrated?: boolean;
}

/** Runs one statement on the server's maintenance database (CREATE/DROP DATABASE, catalog reads). */
export async function adminQuery(sql: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: inject('postgresAdminUrl') });
  await client.connect();
  try {
    return await client.query(sql, values);
  } finally {
    await client.end();
  }
}

/** A fresh database name that the stale-database sweep recognises (`orrery_t_<unix s>_<hex>`). */
export function testDatabaseName(): string {
  return `${TEST_DATABASE_PREFIX}${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
}

/**
 * Call at the top level of a test file: creates a fresh database before the file's tests —
 * fully migrated (cloned from the template) unless `migrated: false` — and drops it after
 * them, so files run in parallel without sharing rows.
 */
export function useTestDatabase(options: TestDatabaseOptions = {}): TestDatabase {
  const name = testDatabaseName();
  let url = '';
  beforeAll(async () => {
    const template = options.migrated === false ? '' : ` TEMPLATE ${pg.escapeIdentifier(inject('templateDatabase'))}`;
    await adminQuery(`CREATE DATABASE ${pg.escapeIdentifier(name)}${template}`);
    url = withDatabase(inject('postgresAdminUrl'), name);
  });
  afterAll(async () => {
    // FORCE: a spawned service killed mid-test may still hold connections.
    await adminQuery(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  });
  return {
    name,
    get url() {
      if (!url) throw new Error('useTestDatabase(): the database exists only once beforeAll has run');
      return url;
    },
  };
}
