import { afterAll, beforeAll, expect, it } from 'vitest';
import { startNatsServer, useTestDatabase, type PrivateNatsServer } from '@orrery/testing';
import { finalStatusCounts, fixtureLocation, startStack, submitBurst, type Stack } from './stack.js';

// NATS (a private server with its own JetStream store) restarted in the middle of a burst:
// no run is lost — the services reconnect, and Postgres polling covers lost messages.
const database = useTestDatabase();
let nats: PrivateNatsServer;
let stack: Stack;

beforeAll(async () => {
  nats = await startNatsServer();
  stack = await startStack({
    database, natsUrl: nats.url, prefix: 'orrery',
    locations: { fixture: fixtureLocation },
    config: 'run_coordinator:\n  max_concurrent_runs: 50\n  dequeue_interval_ms: 200\n',
    env: { RELAUNCH_DELAY_MS: '2000' },
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await nats?.dispose();
});

it('loses no run of a burst when NATS restarts in the middle of it', async () => {
  const hello = { job: 'hello_job', location: 'fixture' };
  const runIds = await submitBurst(stack, hello, 5);
  await nats.stop();
  // Submissions go on while NATS is down: the api stores them and answers 201.
  runIds.push(...(await submitBurst(stack, hello, 1)));
  await nats.start();
  runIds.push(...(await submitBurst(stack, hello, 4)));
  expect(new Set(runIds).size).toBe(200);
  expect(await finalStatusCounts(stack, runIds)).toEqual({ SUCCESS: 200 });
}, 240_000);
