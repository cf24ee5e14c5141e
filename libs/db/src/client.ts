import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/prisma/client.js';

/** Options of {@link createPrismaClient}. */
export interface PrismaClientOptions {
  /** Postgres connection URL (`postgresql://user:pass@host:port/db`). */
  url: string;
  /** Maximum connections in the pool. Default 10. */
  poolSize?: number;
  /** Give up opening a connection after this long, in ms. Default 5000. */
  connectTimeoutMs?: number;
  /** Close a connection idle for this long, in ms. Default 30000. */
  idleTimeoutMs?: number;
  /** `application_name` shown in `pg_stat_activity`. Default "orrery". */
  applicationName?: string;
  /**
   * Called with errors of connections not running a query (e.g. Postgres restarted or an
   * idle connection was killed). The pool drops such connections and opens new ones on
   * demand; without a listener, pg would throw them and crash the process.
   */
  onError?: (error: Error) => void;
}

/**
 * A PrismaClient over a pg.Pool we create, so that we own its error handling and size.
 * `$disconnect()` ends the pool.
 */
export function createPrismaClient(options: PrismaClientOptions): PrismaClient {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    idleTimeoutMillis: options.idleTimeoutMs ?? 30_000,
    application_name: options.applicationName ?? 'orrery',
  });
  const report = (error: Error) => options.onError?.(error);
  // Attached here, not only through the adapter (which attaches on first connect), so the
  // pool never emits 'error' without a listener.
  pool.on('error', report);
  const adapter = new PrismaPg(pool, {
    disposeExternalPool: true,
    // A connection held by an open transaction that dies reports here; the transaction's
    // query then fails with the error instead of the process crashing.
    onConnectionError: report,
  });
  return new PrismaClient({ adapter });
}

/**
 * Readiness probe: resolves true when `SELECT 1` answers within `timeoutMs`, false on error
 * or timeout. Never rejects and never waits longer than `timeoutMs`.
 */
export async function checkDatabase(prisma: PrismaClient, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const probe = prisma.$queryRaw`SELECT 1`.then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
