import { afterAll, beforeAll, expect, it } from 'vitest';
import { startNatsServer, useTestDatabase, type PrivateNatsServer } from '@orrery/testing';
import { fixtureLocation, FINISHED, startStack, statusesOf, submitRun, type Stack } from './stack.js';

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
  const runIds: string[] = [];
  const submitBatch = async (count: number) => {
    const runs = await Promise.all(Array.from({ length: count }, () => submitRun(stack, { job: 'hello_job', location: 'fixture' })));
    runIds.push(...runs.map((run) => run.runId));
  };
  for (let batch = 0; batch < 5; batch += 1) await submitBatch(20);
  await nats.stop();
  // Submissions go on while NATS is down: the api stores them and answers 201.
  await submitBatch(20);
  await nats.start();
  for (let batch = 0; batch < 4; batch += 1) await submitBatch(20);
  expect(new Set(runIds).size).toBe(200);

  const deadline = Date.now() + 120_000;
  let statuses = await statusesOf(stack, runIds);
  while ([...statuses.values()].some((status) => !FINISHED.includes(status)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    statuses = await statusesOf(stack, runIds);
  }
  const counts = Object.fromEntries([...new Set(statuses.values())].map((status) => [status, [...statuses.values()].filter((value) => value === status).length]));
  const stuck = [...statuses].find(([, status]) => status !== 'SUCCESS')?.[0];
  const trail = stuck === undefined ? '' : stack.service('executor').output().split('\n').filter((line) => line.includes(stuck)).join('\n');
  expect(counts, `executor log of ${stuck}:\n${trail}`).toEqual({ SUCCESS: 200 });
}, 240_000);
