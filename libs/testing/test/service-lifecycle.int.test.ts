import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  freePort, spawnService, startNatsServer, startTcpProxy, useTestDatabase, useTestNats, waitForHttpStatus, withHostPort,
  type SpawnedService,
} from '../src/index.js';

// Each built service (apps/<name>/dist/main.js) started as a real process against real
// Postgres and NATS: healthy, heartbeating, and gone within 5 s of SIGTERM.
const database = useTestDatabase();
const nats = useTestNats();
const running = new Set<SpawnedService>();

afterAll(async () => {
  for (const service of running) await service.stop('SIGKILL');
});

function configFile(prefix: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'orrery-svc-')), 'orrery.yaml');
  writeFileSync(path, `bus:\n  prefix: ${prefix}\n`);
  return path;
}

async function start(name: string, env: Record<string, string> = {}) {
  const port = await freePort();
  const service = spawnService(name, {
    DATABASE_URL: database.url,
    NATS_URL: nats.url,
    ORRERY_CONFIG: configFile(nats.prefix),
    HEARTBEAT_INTERVAL_MS: '200',
    LOG_LEVEL: 'info',
    [name === 'api' ? 'PORT' : 'HEALTH_PORT']: String(port),
    ...(name === 'api' ? { HOST: '127.0.0.1' } : {}),
    ...env,
  });
  running.add(service);
  return { service, base: `http://127.0.0.1:${port}` };
}

async function heartbeatOf(daemonType: string): Promise<Date | undefined> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ timestamp: Date }>(
      'SELECT max("timestamp") AS timestamp FROM daemon_heartbeats WHERE daemon_type = $1',
      [daemonType],
    );
    return rows[0]?.timestamp ?? undefined;
  } finally {
    await client.end();
  }
}

async function waitFor<T>(probe: () => Promise<T | undefined>, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms (last: ${String(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.each(['api', 'scheduler', 'sensor', 'run-launcher', 'executor'])('the %s service', (name) => {
  it('becomes ready, refreshes its heartbeat row, and exits 143 within 5 s of SIGTERM', async () => {
    const { service, base } = await start(name);
    await waitForHttpStatus(`${base}/healthz`, (status) => status === 200);
    await waitForHttpStatus(`${base}/readyz`, (status) => status === 200);
    const daemonType = name.toUpperCase().replace('-', '_');
    const first = await waitFor(() => heartbeatOf(daemonType), () => true);
    await waitFor(() => heartbeatOf(daemonType), (later) => later.getTime() > first.getTime());

    const stoppedAt = Date.now();
    const exit = await service.stop('SIGTERM');
    running.delete(service);
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);
    expect(exit).toEqual({ code: 143, signal: null });
    expect(service.output()).toContain('shutdown complete');
  });
});

describe('outages', () => {
  it('turns /readyz red while NATS is down and green again when it returns, without restarting', async () => {
    const server = await startNatsServer();
    try {
      const { service, base } = await start('scheduler', { NATS_URL: server.url });
      await waitForHttpStatus(`${base}/readyz`, (status) => status === 200);
      await server.stop({ hard: true });
      await waitForHttpStatus(`${base}/readyz`, (status) => status === 503);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      await server.start();
      await waitForHttpStatus(`${base}/readyz`, (status) => status === 200, 20_000);
      expect(service.process.exitCode).toBeNull();
    } finally {
      await server.dispose();
    }
  });

  it('turns /readyz red while Postgres is unreachable, and heartbeats resume after', async () => {
    const target = new URL(database.url);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    try {
      const { service, base } = await start('sensor', { DATABASE_URL: withHostPort(database.url, '127.0.0.1', proxy.port) });
      await waitForHttpStatus(`${base}/readyz`, (status) => status === 200);
      await proxy.cut();
      await waitForHttpStatus(`${base}/readyz`, (status) => status === 503);
      const duringOutage = await heartbeatOf('SENSOR');
      await proxy.restore();
      await waitForHttpStatus(`${base}/readyz`, (status) => status === 200, 20_000);
      await waitFor(() => heartbeatOf('SENSOR'), (latest) => latest.getTime() > (duringOutage?.getTime() ?? 0));
      expect(service.process.exitCode).toBeNull();
    } finally {
      await proxy.close();
    }
  });
});

describe('bad configuration stops start-up with a clear message', () => {
  it('names a missing required environment variable and exits 78', async () => {
    const { service } = await start('scheduler', { DATABASE_URL: '' });
    const exit = await service.exited();
    running.delete(service);
    expect(exit.code).toBe(78);
    expect(service.output()).toMatch(/DATABASE_URL: required/);
    expect(service.output()).not.toMatch(/\n\s+at /);
  });

  it('lists each problem of a malformed orrery.yaml with its key path and exits 78', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'orrery-bad-')), 'orrery.yaml');
    writeFileSync(path, 'run_coordinator:\n  max_concurrent_runs: ten\nstorage:\n  pool_sise: 3\n');
    const { service } = await start('run-launcher', { ORRERY_CONFIG: path });
    const exit = await service.exited();
    running.delete(service);
    expect(exit.code).toBe(78);
    expect(service.output()).toContain('run_coordinator.max_concurrent_runs: expected a number, got "ten"');
    expect(service.output()).toMatch(/storage\.pool_sise: unknown key/);
  });
});
