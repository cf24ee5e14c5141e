// scripts/migrate.ts against real Postgres: deploy, dev and check, and their failures.
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { INSTANCE_TABLES, runScript, workspaceRoot } from './support/run-script.js';
import { adminQuery, useTestDatabase } from '@orrery/testing';

const migrationsDir = join(workspaceRoot, 'prisma', 'migrations');
const schemaPath = join(workspaceRoot, 'prisma', 'schema.prisma');
const committedMigrations = readdirSync(migrationsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const scratch = mkdtempSync(join(tmpdir(), 'orrery-migrate-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const WIDGET_MODEL = '\nmodel Widget {\n  id   BigInt @id @default(autoincrement())\n  name String\n\n  @@map("widgets")\n}\n';

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function tables(url: string): Promise<string[]> {
  const rows = await query<{ table_name: string }>(
    url,
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
  );
  return rows.map((row) => row.table_name);
}

async function shadowDatabases(): Promise<string[]> {
  const { rows } = await adminQuery("SELECT datname FROM pg_database WHERE datname LIKE 'orrery\\_shadow\\_%'");
  return rows.map((row: { datname: string }) => row.datname);
}

/** A copy of the committed migrations and schema that a test may change. */
function scratchCopy(name: string): { migrations: string; schema: string } {
  const dir = join(scratch, name);
  mkdirSync(dir);
  cpSync(migrationsDir, join(dir, 'migrations'), { recursive: true });
  cpSync(schemaPath, join(dir, 'schema.prisma'));
  return { migrations: join(dir, 'migrations'), schema: join(dir, 'schema.prisma') };
}

// Each case spawns tsx and loads the WASM engine (1–5 s per run on a busy 2-core machine).
const slow = { timeout: 120_000 };

describe('migrate.ts check', slow, () => {
  const server = useTestDatabase({ migrated: false });

  it('passes on the committed schema and migrations, and leaves no shadow database', async () => {
    const before = await shadowDatabases();
    const result = await runScript('migrate.ts', ['check'], server.url);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^migrate: prisma\/schema\.prisma matches prisma\/migrations \(\d+ migrations?\)$/);
    expect(await shadowDatabases()).toEqual(before);
  });

  it('fails, naming the difference, when the schema has a model the migrations lack', async () => {
    const copy = scratchCopy('drift');
    writeFileSync(copy.schema, readFileSync(copy.schema, 'utf8') + WIDGET_MODEL);
    const result = await runScript('migrate.ts', ['check', '--schema', copy.schema, '--migrations', copy.migrations], server.url);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^migrate: error: .*schema\.prisma and .*migrations disagree: create a migration/);
    expect(result.stderr).toContain('CREATE TABLE "widgets"');
    expect(result.stdout).toBe('');
  });

  it('fails with one line when Postgres is unreachable', async () => {
    const result = await runScript('migrate.ts', ['check'], 'postgresql://postgres@127.0.0.1:1/postgres');
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual(['migrate: error: cannot reach Postgres at 127.0.0.1:1/postgres (ECONNREFUSED)']);
  });
});

describe('migrate.ts deploy', slow, () => {
  const target = useTestDatabase({ migrated: false });

  it('applies every migration once, writing _prisma_migrations as prisma migrate deploy does', async () => {
    const first = await runScript('migrate.ts', ['deploy'], target.url);
    expect(first.code).toBe(0);
    expect(first.stdout.trim().split('\n')).toHaveLength(1);
    expect(first.stdout).toContain(`applied ${committedMigrations.length} migration`);
    expect(await tables(target.url)).toEqual(['_prisma_migrations', ...INSTANCE_TABLES].sort());

    const applied = await query<{ migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null; applied_steps_count: number }>(
      target.url,
      'SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(applied.map((row) => row.migration_name)).toEqual(committedMigrations);
    for (const row of applied) {
      const sql = readFileSync(join(migrationsDir, row.migration_name, 'migration.sql'));
      // The checksum Prisma's CLI compares on every deploy: sha256 of the file.
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
    const [info] = await query<{ instance_id: string; schema_version: string; update_time: Date }>(
      target.url,
      'SELECT instance_id, schema_version, update_time FROM instance_info',
    );
    expect(info?.schema_version).toBe(committedMigrations.at(-1));

    const second = await runScript('migrate.ts', ['deploy'], target.url);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/is up to date \(\d+ migrations?\); nothing applied/);
    expect(await query(target.url, 'SELECT migration_name FROM _prisma_migrations')).toHaveLength(committedMigrations.length);
    expect(await query(target.url, 'SELECT instance_id, schema_version, update_time FROM instance_info')).toEqual([info]);
  });

  it('stops at a failing migration with one line naming it, and refuses to continue after', async () => {
    const copy = scratchCopy('broken');
    mkdirSync(join(copy.migrations, '99990101000000_broken'));
    writeFileSync(join(copy.migrations, '99990101000000_broken', 'migration.sql'), 'ALTER TABLE no_such_table ADD COLUMN x INT;\n');
    const failed = await runScript('migrate.ts', ['deploy', '--migrations', copy.migrations], target.url);
    expect(failed.code).toBe(1);
    const lines = failed.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe('migrate: error: migration 99990101000000_broken failed: No such table: no_such_table');

    const again = await runScript('migrate.ts', ['deploy', '--migrations', copy.migrations], target.url);
    expect(again.code).toBe(1);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toMatch(/a migration failed earlier in this database.*99990101000000_broken.*\[P3009\]/);
  });

  it('names a bad URL, a missing URL and a missing database in one line', async () => {
    const cases: [string | null, number, RegExp][] = [
      ['mysql://root@127.0.0.1/x', 2, /DATABASE_URL must start with postgresql:\/\//],
      ['not a url', 2, /DATABASE_URL is not a valid URL/],
      [null, 2, /DATABASE_URL is not set/],
      [target.url.replace(target.name, 'orrery_missing_db'), 1, /database "orrery_missing_db" does not exist .*db:setup/],
    ];
    for (const [url, code, message] of cases) {
      const result = await runScript('migrate.ts', ['deploy'], url);
      expect(result.code).toBe(code);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(message);
    }
  });
});

describe('migrate.ts dev', slow, () => {
  const target = useTestDatabase({ migrated: false });

  it('writes the next migration from the schema, applies it, and then reports no changes', async () => {
    const copy = scratchCopy('dev');
    writeFileSync(copy.schema, readFileSync(copy.schema, 'utf8') + WIDGET_MODEL);
    const args = ['dev', '--name', 'add_widgets', '--schema', copy.schema, '--migrations', copy.migrations];

    const created = await runScript('migrate.ts', args, target.url);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const folders = readdirSync(copy.migrations).filter((name) => name !== 'migration_lock.toml').sort();
    expect(folders.slice(0, -1)).toEqual(committedMigrations);
    expect(folders.at(-1)).toMatch(/^\d{14}_add_widgets$/);
    expect(readFileSync(join(copy.migrations, folders.at(-1)!, 'migration.sql'), 'utf8')).toContain('CREATE TABLE "widgets"');
    expect(await tables(target.url)).toContain('widgets');

    const unchanged = await runScript('migrate.ts', args, target.url);
    expect(unchanged.code).toBe(0);
    expect(unchanged.stdout).toMatch(/no changes: .* nothing written/);
    expect(readdirSync(copy.migrations)).toHaveLength(folders.length + 1);

    const check = await runScript('migrate.ts', ['check', '--schema', copy.schema, '--migrations', copy.migrations], target.url);
    expect(check.code).toBe(0);
  });

  it('needs a migration name', async () => {
    const result = await runScript('migrate.ts', ['dev'], target.url);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/dev needs --name/);
  });
});
