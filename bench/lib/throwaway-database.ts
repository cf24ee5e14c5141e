import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';

/** The local Postgres of the project's machines (trust auth); override with BENCH_POSTGRES_URL. */
const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const workspaceRoot = join(import.meta.dirname, '..', '..');

/** A database created for one benchmark and dropped after it. */
export interface ThrowawayDatabase {
  readonly name: string;
  readonly url: string;
  /** Drops the database (FORCE: a pool a benchmark forgot to end must not block it). */
  drop(): Promise<void>;
}

/** Options of {@link createThrowawayDatabase}. */
export interface ThrowawayDatabaseOptions {
  /** Apply prisma/migrations (Orrery's schema). Default false: an empty database (peers install their own). */
  migrated?: boolean;
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * Creates `orrery_bench_<unix s>_<hex>`; when `migrated`, applies the migrations the way
 * libs/testing builds its template (`tsx scripts/migrate.ts deploy`).
 */
export async function createThrowawayDatabase(options: ThrowawayDatabaseOptions = {}): Promise<ThrowawayDatabase> {
  const name = `orrery_bench_${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
  const url = withDatabase(ADMIN_URL, name);
  const drop = () => admin(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  if (options.migrated) {
    const migrate = spawnSync(join(workspaceRoot, 'node_modules', '.bin', 'tsx'), ['scripts/migrate.ts', 'deploy'], {
      cwd: workspaceRoot,
      env: { ...process.env, DATABASE_URL: url },
      encoding: 'utf8',
    });
    if (migrate.status !== 0) {
      await drop();
      throw new Error(`migrating ${name} failed:\n${migrate.stdout}\n${migrate.stderr}`);
    }
  }
  return { name, url, drop };
}

/** Runs `body` with a throwaway database and drops it afterwards, also when `body` throws. */
export async function withThrowawayDatabase<T>(options: ThrowawayDatabaseOptions, body: (database: ThrowawayDatabase) => Promise<T>): Promise<T> {
  const database = await createThrowawayDatabase(options);
  try {
    return await body(database);
  } finally {
    await database.drop();
  }
}
