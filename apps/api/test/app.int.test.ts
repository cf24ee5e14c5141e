import { describe, expect, it } from 'vitest';
import { OrreryError } from '@orrery/contracts';
import { useApi } from './support/api-fixture.js';

const api = useApi();

describe('api app', () => {
  it('answers /healthz and reports readiness from the host', async () => {
    let ready = true;
    const app = api.buildAppWith(api.bus, async () => ({ ready, checks: { postgres: 'ok', nats: ready ? 'ok' : 'failing' } }));
    expect((await app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
    ready = false;
    const red = await app.inject({ url: '/readyz' });
    expect(red.statusCode).toBe(503);
    expect(red.json()).toEqual({ status: 'not ready', checks: { postgres: 'ok', nats: 'failing' } });
    await app.close();
  });

  it('maps catalog errors to their status and hides unexpected ones', async () => {
    const app = api.buildAppWith(api.bus);
    app.get('/known', async () => {
      throw new OrreryError('RUN_NOT_FOUND', { message: 'run r1 does not exist' });
    });
    app.get('/unknown', async () => {
      throw new Error('database password is hunter2');
    });
    const known = await app.inject({ url: '/known' });
    expect(known.statusCode).toBe(404);
    expect(known.json()).toEqual({ code: 'RUN_NOT_FOUND', message: 'run r1 does not exist' });
    const unknown = await app.inject({ url: '/unknown' });
    expect(unknown.statusCode).toBe(500);
    expect(unknown.json()).toEqual({ code: 'INTERNAL', message: 'Internal error.' });
    expect((await app.inject({ url: '/missing' })).statusCode).toBe(404);
    await app.close();
  });

  it('answers malformed JSON with 400, not a crash', async () => {
    const response = await api.app.inject({ method: 'POST', url: '/runs', headers: { 'content-type': 'application/json' }, payload: '{"job":' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
