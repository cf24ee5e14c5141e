import { afterEach, describe, expect, it } from 'vitest';
import { HealthServer } from './health-server.js';
import { captureLogger } from './test-logger.js';

let server: HealthServer | undefined;
afterEach(async () => {
  await server?.stop();
});

async function get(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`http://127.0.0.1:${server!.port}${path}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('HealthServer', () => {
  it('answers /healthz and reports each readiness check', async () => {
    let natsUp = true;
    server = new HealthServer({
      port: 0, host: '127.0.0.1', logger: captureLogger().logger,
      checks: { postgres: async () => true, nats: async () => natsUp },
    });
    await server.start();
    expect((await get('/healthz')).status).toBe(200);
    expect(await get('/readyz')).toEqual({ status: 200, body: { status: 'ready', checks: { postgres: 'ok', nats: 'ok' } } });
    natsUp = false;
    expect(await get('/readyz')).toEqual({ status: 503, body: { status: 'not ready', checks: { postgres: 'ok', nats: 'failing' } } });
    expect((await get('/nope')).status).toBe(404);
  });

  it('counts a hanging or throwing check as failing, and is not ready while draining', async () => {
    let draining = false;
    server = new HealthServer({
      port: 0, host: '127.0.0.1', logger: captureLogger().logger, checkTimeoutMs: 50,
      isDraining: () => draining,
      checks: { hangs: () => new Promise(() => undefined), throws: async () => { throw new Error('x'); } },
    });
    await server.start();
    const result = await get('/readyz');
    expect(result.status).toBe(503);
    expect(result.body.checks).toEqual({ hangs: 'failing', throws: 'failing' });
    server = new HealthServer({ port: 0, host: '127.0.0.1', logger: captureLogger().logger, checks: {}, isDraining: () => draining });
    await server.start();
    expect((await get('/readyz')).status).toBe(200);
    draining = true;
    expect((await get('/readyz')).status).toBe(503);
  });
});
