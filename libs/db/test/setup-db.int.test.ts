// scripts/setup-db.ts: creates the database when missing, migrates it, and is idempotent.
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { INSTANCE_TABLES, runScript } from './support/run-script.js';
import { adminQuery, testDatabaseName, withDatabase } from '@orrery/testing';

describe('setup-db.ts', { timeout: 120_000 }, () => {
  const name = testDatabaseName();
  afterAll(async () => {
    await adminQuery(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  });

  it('creates and migrates a missing database, and changes nothing the second time', async () => {
    const url = withDatabase(inject('postgresAdminUrl'), name);
    const first = await runScript('setup-db.ts', [], url);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`^setup-db: created database "${name}"; applied \\d+ migrations?`));

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const snapshot = async () => ({
      tables: (
        await client.query<{ table_name: string }>(
          "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
        )
      ).rows.map((row) => row.table_name),
      migrations: (await client.query('SELECT id, finished_at FROM _prisma_migrations ORDER BY id')).rows,
      info: (await client.query('SELECT * FROM instance_info')).rows,
    });
    try {
      const before = await snapshot();
      expect(before.tables).toEqual(['_prisma_migrations', ...INSTANCE_TABLES].sort());

      const second = await runScript('setup-db.ts', [], url);
      expect(second.code).toBe(0);
      expect(second.stdout).toMatch(new RegExp(`^setup-db: database "${name}" exists; .* nothing applied`));
      expect(await snapshot()).toEqual(before);
    } finally {
      await client.end();
    }
  });
});
