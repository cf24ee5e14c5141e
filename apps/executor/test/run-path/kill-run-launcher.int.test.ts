import { afterAll, beforeAll, expect, it } from 'vitest';
import { useTestDatabase, useTestNats } from '@orrery/testing';
import { finalStatusCounts, fixtureLocation, startStack, submitBurst, type Stack } from './stack.js';

// The run-launcher killed with SIGKILL in the middle of a burst of 200 submissions and
// started again: every run still reaches a terminal status (Postgres holds the queue).
const database = useTestDatabase();
const nats = useTestNats();
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    database, natsUrl: nats.url, prefix: nats.prefix,
    locations: { fixture: fixtureLocation },
    config: 'run_coordinator:\n  max_concurrent_runs: 50\n  dequeue_interval_ms: 200\n',
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

it('brings all 200 runs of a burst to a terminal status across a run-launcher crash', async () => {
  const hello = { job: 'hello_job', location: 'fixture' };
  const runIds = await submitBurst(stack, hello, 5);
  await stack.kill('run-launcher');
  runIds.push(...(await submitBurst(stack, hello, 5)));
  await stack.start('run-launcher');
  expect(new Set(runIds).size).toBe(200);
  expect(await finalStatusCounts(stack, runIds)).toEqual({ SUCCESS: 200 });
}, 240_000);
