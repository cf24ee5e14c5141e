import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';

// The global setup (libs/testing/src/global-setup.ts) provides these. Declared here too
// because libs/db cannot import @orrery/testing (which depends on it).
declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
    templateDatabase: string;
  }
}

/** A database of one test file. `url` is valid once beforeAll has run. */
export interface DbTestDatabase {
  readonly name: string;
  readonly url: string;
}

/** Returns `url` with its database replaced. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Runs one statement on the server's maintenance database. */
export async function adminQuery(sql: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: inject('postgresAdminUrl') });
  await client.connect();
  try {
    return await client.query(sql, values);
  } finally {
    await client.end();
  }
}

/** A database name the suite's stale-database sweep recognises (`orrery_t_<unix s>_<hex>`). */
export function testDatabaseName(): string {
  return `orrery_t_${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
}

/**
 * Like useTestDatabase() of @orrery/testing: `migrated` clones the migrated template,
 * otherwise the database starts empty. Created before the file's tests, dropped after.
 */
export function useDbTestDatabase(options: { migrated: boolean }): DbTestDatabase {
  const name = testDatabaseName();
  let url = '';
  beforeAll(async () => {
    const template = options.migrated ? ` TEMPLATE ${pg.escapeIdentifier(inject('templateDatabase'))}` : '';
    await adminQuery(`CREATE DATABASE ${pg.escapeIdentifier(name)}${template}`);
    url = withDatabase(inject('postgresAdminUrl'), name);
  });
  afterAll(async () => {
    await adminQuery(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  });
  return {
    name,
    get url() {
      if (!url) throw new Error('the test database exists only once beforeAll has run');
      return url;
    },
  };
}
