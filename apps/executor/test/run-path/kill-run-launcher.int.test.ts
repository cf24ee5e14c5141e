import { afterAll, beforeAll, expect, it } from 'vitest';
import { useTestDatabase, useTestNats } from '@orrery/testing';
import { fixtureLocation, FINISHED, startStack, statusesOf, submitRun, type Stack } from './stack.js';

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
  const runIds: string[] = [];
  const submitBatch = async (count: number) => {
    const runs = await Promise.all(Array.from({ length: count }, () => submitRun(stack, { job: 'hello_job', location: 'fixture' })));
    runIds.push(...runs.map((run) => run.runId));
  };
  for (let batch = 0; batch < 5; batch += 1) await submitBatch(20);
  await stack.kill('run-launcher');
  for (let batch = 0; batch < 5; batch += 1) await submitBatch(20);
  await stack.start('run-launcher');
  expect(new Set(runIds).size).toBe(200);

  const deadline = Date.now() + 120_000;
  let statuses = await statusesOf(stack, runIds);
  while ([...statuses.values()].some((status) => !FINISHED.includes(status)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    statuses = await statusesOf(stack, runIds);
  }
  const counts = Object.fromEntries([...new Set(statuses.values())].map((status) => [status, [...statuses.values()].filter((value) => value === status).length]));
  expect(counts).toEqual({ SUCCESS: 200 });
}, 240_000);
