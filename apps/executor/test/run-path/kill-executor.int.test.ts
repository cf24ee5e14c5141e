import { afterAll, beforeAll, expect, it } from 'vitest';
import { PrismaConcurrencyStore } from '@orrery/db';
import { useTestDatabase, useTestNats } from '@orrery/testing';
import { fixtureLocation, FINISHED, startStack, submitRun, waitForRun, type Stack } from './stack.js';

// An executor killed with SIGKILL mid-run: run monitoring notices the silent heartbeat and
// fails the run, freeing its pool slot; no run stays STARTED.
const database = useTestDatabase();
const nats = useTestNats();
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    database, natsUrl: nats.url, prefix: nats.prefix,
    locations: { fixture: fixtureLocation },
    config: [
      'run_monitoring:',
      '  poll_interval_seconds: 1',
      '  heartbeat_interval_seconds: 1',
      '  heartbeat_timeout_seconds: 3',
      '',
    ].join('\n'),
  });
  await new PrismaConcurrencyStore(stack.prisma).setPoolLimit('held', 1);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

it('fails the run of a killed executor within the heartbeat timeout and frees its pool slot', async () => {
  const run = await submitRun(stack, { job: 'slow_pooled_job', location: 'fixture' });
  await waitForRun(stack, run.runId, ['STARTED']);
  const heldSlots = () => stack.prisma.concurrencySlot.count({ where: { pool: 'held', runId: run.runId } });
  await expect.poll(heldSlots, { timeout: 10_000 }).toBe(1);

  await stack.kill('executor');
  const killedAt = Date.now();
  const done = await waitForRun(stack, run.runId, FINISHED, 30_000);
  expect(done.status).toBe('FAILURE');
  expect(done.failureReason).toBe('UNEXPECTED_TERMINATION');
  // Heartbeat timeout (3 s) plus one monitoring poll (1 s) and scheduling slack.
  expect(Date.now() - killedAt).toBeLessThan(15_000);
  expect(await heldSlots()).toBe(0);
  expect(await stack.prisma.run.count({ where: { status: 'STARTED' } })).toBe(0);

  // A new executor takes the pool's slot for the next run.
  await stack.start('executor');
  const next = await submitRun(stack, { job: 'slow_pooled_job', location: 'fixture' });
  await waitForRun(stack, next.runId, ['STARTED']);
  await expect.poll(() => stack.prisma.concurrencySlot.count({ where: { pool: 'held', runId: next.runId } }), { timeout: 10_000 }).toBe(1);
  await fetch(`${stack.apiBase}/runs/${next.runId}/cancel`, { method: 'POST' });
  expect((await waitForRun(stack, next.runId, FINISHED)).status).toBe('CANCELED');
}, 120_000);
