import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { withDatabase } from './postgres-url.js';

/** Per-file test databases are named `orrery_t_<unix seconds>_<random>`. */
export const TEST_DATABASE_PREFIX = 'orrery_t_';
const TEMPLATE_PREFIX = 'orrery_template_';
/** Test databases older than this are left-overs of killed runs and are dropped. */
const STALE_TEST_DATABASE_SECONDS = 2 * 60 * 60;

function hashMigrations(migrationsDir: string): string {
  const hash = createHash('sha256');
  if (!existsSync(migrationsDir)) return hash.digest('hex').slice(0, 16);
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(path.slice(migrationsDir.length)).update(readFileSync(path));
    }
  };
  walk(migrationsDir);
  return hash.digest('hex').slice(0, 16);
}

async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function databaseExists(client: pg.Client, name: string): Promise<boolean> {
  const result = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  return result.rowCount === 1;
}

/**
 * Ensures a database migrated to the current `prisma/migrations` exists and returns its
 * name. The name carries a hash of the migrations, so an unchanged tree reuses it across
 * runs, and concurrent runs on different trees never share one. It is built under a
 * temporary name and renamed when complete, so no file ever clones a half-migrated one.
 */
export async function ensureTemplateDatabase(adminUrl: string, workspaceRoot: string): Promise<string> {
  const name = `${TEMPLATE_PREFIX}${hashMigrations(join(workspaceRoot, 'prisma', 'migrations'))}`;
  return await withAdmin(adminUrl, async (client) => {
    await dropStaleTestDatabases(client);
    if (await databaseExists(client, name)) return name;
    const building = `${name}_b${process.pid}`;
    await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(building)}`);
    await client.query(`CREATE DATABASE ${pg.escapeIdentifier(building)}`);
    const migrate = spawnSync(join(workspaceRoot, 'node_modules', '.bin', 'tsx'), ['scripts/migrate.ts', 'deploy'], {
      cwd: workspaceRoot,
      env: { ...process.env, DATABASE_URL: withDatabase(adminUrl, building) },
      encoding: 'utf8',
    });
    if (migrate.status !== 0) {
      await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(building)}`);
      throw new Error(`Migrating the test template database failed:\n${migrate.stdout}\n${migrate.stderr}`);
    }
    try {
      await client.query(`ALTER DATABASE ${pg.escapeIdentifier(building)} RENAME TO ${pg.escapeIdentifier(name)}`);
    } catch (error) {
      // Another run built the same template first (duplicate_database): use theirs.
      if ((error as { code?: string }).code !== '42P04') throw error;
      await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(building)}`);
    }
    return name;
  });
}

async function dropStaleTestDatabases(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ datname: string }>(
    'SELECT datname FROM pg_database WHERE datname LIKE $1',
    [`${TEST_DATABASE_PREFIX}%`],
  );
  const now = Math.floor(Date.now() / 1000);
  for (const { datname } of rows) {
    const createdAt = Number(datname.slice(TEST_DATABASE_PREFIX.length).split('_')[0]);
    if (Number.isFinite(createdAt) && now - createdAt > STALE_TEST_DATABASE_SECONDS) {
      await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`);
    }
  }
}
