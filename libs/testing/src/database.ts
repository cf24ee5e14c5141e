import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import './provided-context.js';
import { withDatabase } from './postgres-url.js';
import { TEST_DATABASE_PREFIX } from './template-database.js';

/** A database of one test file, cloned from the migrated template. */
export interface TestDatabase {
  /** Connection URL; valid once the file's `beforeAll` hooks have run. */
  readonly url: string;
  /** The database name. */
  readonly name: string;
}

async function admin(query: string): Promise<void> {
  const client = new pg.Client({ connectionString: inject('postgresAdminUrl') });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

/**
 * Call at the top level of a test file: creates a fresh, fully migrated database before the
 * file's tests and drops it after them, so files run in parallel without sharing rows.
 */
export function useTestDatabase(): TestDatabase {
  const name = `${TEST_DATABASE_PREFIX}${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
  let url = '';
  beforeAll(async () => {
    await admin(`CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE ${pg.escapeIdentifier(inject('templateDatabase'))}`);
    url = withDatabase(inject('postgresAdminUrl'), name);
  });
  afterAll(async () => {
    // FORCE: a spawned service killed mid-test may still hold connections.
    await admin(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  });
  return {
    name,
    get url() {
      if (!url) throw new Error('useTestDatabase(): the database exists only once beforeAll has run');
      return url;
    },
  };
}
