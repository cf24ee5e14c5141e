import pg from 'pg';
import { DbScriptError } from './errors.js';

/** Used by `check` (which only needs a server to create a throwaway database on). */
export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

/** A validated Postgres URL and a printable description without credentials. */
export interface DatabaseTarget {
  readonly url: string;
  readonly database: string;
  /** `host:port/database`, safe to print (no user or password). */
  readonly label: string;
}

/** Parses and validates a Postgres connection URL; throws DbScriptError naming the problem. */
export function parseDatabaseUrl(url: string | undefined, source = 'DATABASE_URL'): DatabaseTarget {
  if (!url) throw new DbScriptError(`${source} is not set (e.g. postgresql://postgres@127.0.0.1:5432/orrery)`, { exitCode: 2 });
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DbScriptError(`${source} is not a valid URL`, { exitCode: 2 });
  }
  if (parsed.protocol !== 'postgresql:' && parsed.protocol !== 'postgres:') {
    throw new DbScriptError(`${source} must start with postgresql:// (got ${parsed.protocol}//)`, { exitCode: 2 });
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!database) throw new DbScriptError(`${source} names no database (…:5432/<database>)`, { exitCode: 2 });
  return { url, database, label: `${parsed.hostname}:${parsed.port || '5432'}/${database}` };
}

/** Returns `url` with its database replaced (e.g. the `postgres` maintenance database). */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** Translates a pg connection error into a sentence naming the target. */
function describeConnectError(error: unknown, target: DatabaseTarget): string {
  const { code, message } = error as { code?: string; message?: string };
  switch (code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
      return `cannot reach Postgres at ${target.label} (${code})`;
    case '3D000':
      return `database "${target.database}" does not exist at ${target.label} (run \`npm run db:setup\`)`;
    case '28P01':
    case '28000':
      return `Postgres refused the credentials for ${target.label} (${code})`;
    default:
      return `cannot connect to ${target.label}: ${message ?? String(error)}`;
  }
}

/**
 * Runs `fn` with a connected client and always closes it. Connection failures become one
 * DbScriptError line; errors from `fn` pass through.
 */
export async function withClient<T>(target: DatabaseTarget, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: target.url, connectionTimeoutMillis: 5000 });
  // A server restart while we hold the connection emits 'error'; without a listener it
  // would crash the process instead of failing the current query.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new DbScriptError(describeConnectError(error, target), { cause: error });
  }
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Fails with a clear line unless `target` accepts connections. */
export async function assertReachable(target: DatabaseTarget): Promise<void> {
  await withClient(target, async (client) => {
    await client.query('SELECT 1');
  });
}

/**
 * Creates `target`'s database unless it exists, connecting to the `postgres` maintenance
 * database of the same server. Returns whether it created it.
 */
export async function ensureDatabase(target: DatabaseTarget): Promise<boolean> {
  const maintenance = parseDatabaseUrl(withDatabase(target.url, 'postgres'));
  return await withClient(maintenance, async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [target.database]);
    if (found.rowCount === 1) return false;
    try {
      // Identifiers cannot be bound parameters; escapeIdentifier quotes the name safely.
      await client.query(`CREATE DATABASE ${pg.escapeIdentifier(target.database)}`);
      return true;
    } catch (error) {
      // Another setup created it between our check and our CREATE: that is success.
      if ((error as { code?: string }).code === '42P04') return false;
      throw new DbScriptError(`cannot create database "${target.database}": ${(error as Error).message}`, { cause: error });
    }
  });
}

/** Drops a database if it exists, terminating its sessions (throwaway databases only). */
export async function dropDatabase(serverUrl: string, database: string): Promise<void> {
  const maintenance = parseDatabaseUrl(withDatabase(serverUrl, 'postgres'));
  await withClient(maintenance, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`);
  });
}
