// PoolSlotWaiter on PrismaConcurrencyStore and real Postgres: waits, hand-over, abort.
import { randomUUID } from 'node:crypto';
import { createPrismaClient, PrismaConcurrencyStore, type PrismaClient } from '@orrery/db';
import { useTestDatabase } from '@orrery/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PoolSlotWaiter, SlotWaitAbortedError } from './pool-slot-waiter.js';

const database = useTestDatabase();
let prisma: PrismaClient;
let store: PrismaConcurrencyStore;
let waiter: PoolSlotWaiter;

beforeAll(() => {
  prisma = createPrismaClient({ url: database.url, poolSize: 6 });
  store = new PrismaConcurrencyStore(prisma);
  waiter = new PoolSlotWaiter(store, { initialDelayMs: 2, maxDelayMs: 20 });
});

afterAll(async () => {
  await prisma.$disconnect();
});

async function limitedPool(limit: number): Promise<string> {
  const pool = `pool-${randomUUID().slice(0, 8)}`;
  await store.setPoolLimit(pool, limit);
  return pool;
}

/** Resolves once the step is registered as waiting (polls Postgres; no clock involved in the assertion). */
async function untilWaiting(pool: string, stepKey: string): Promise<void> {
  while ((await prisma.pendingStep.count({ where: { pool, stepKey, assignedTime: null } })) === 0) {
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

async function holders(pool: string): Promise<string[]> {
  const rows = await prisma.concurrencySlot.findMany({ where: { pool, stepKey: { not: null } }, select: { stepKey: true } });
  return rows.map((row) => row.stepKey!).sort();
}

describe('PoolSlotWaiter', () => {
  it('hands the slot to the waiting step once the holder releases it', async () => {
    const pool = await limitedPool(1);
    const runId = randomUUID();
    await waiter.acquire({ pool, runId, stepKey: 'first', priority: 0 });
    const order: string[] = [];
    const second = waiter.acquire({ pool, runId, stepKey: 'second', priority: 0 }).then(() => order.push('second acquired'));
    await untilWaiting(pool, 'second');
    expect(await holders(pool)).toEqual(['first']);
    order.push('first released');
    await waiter.release(runId, 'first');
    await second;
    expect(order).toEqual(['first released', 'second acquired']);
    expect(await holders(pool)).toEqual(['second']);
  });

  it('leaves the queue when its signal aborts, and the step behind it moves up', async () => {
    const pool = await limitedPool(1);
    const runId = randomUUID();
    await waiter.acquire({ pool, runId, stepKey: 'holder', priority: 0 });
    const controller = new AbortController();
    const abandoned = waiter.acquire({ pool, runId, stepKey: 'abandoned', priority: 10, signal: controller.signal });
    await untilWaiting(pool, 'abandoned');
    const behind = waiter.acquire({ pool, runId, stepKey: 'behind', priority: 0 });
    await untilWaiting(pool, 'behind');
    controller.abort(new Error('run canceled'));
    const error = await abandoned.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SlotWaitAbortedError);
    expect((error as SlotWaitAbortedError).cause).toEqual(new Error('run canceled'));
    expect(await prisma.pendingStep.count({ where: { pool, stepKey: 'abandoned' } })).toBe(0);
    await waiter.release(runId, 'holder');
    // Had the abandoned step (priority 10) stayed queued, "behind" could never get the slot.
    await behind;
    expect(await holders(pool)).toEqual(['behind']);
  });

  it('claims nothing when the signal has already aborted', async () => {
    const pool = await limitedPool(1);
    const runId = randomUUID();
    await expect(waiter.acquire({ pool, runId, stepKey: 'late', priority: 0, signal: AbortSignal.abort() })).rejects.toThrow(SlotWaitAbortedError);
    expect(await holders(pool)).toEqual([]);
    expect(await prisma.pendingStep.count({ where: { pool } })).toBe(0);
  });

  it('never lets more steps run than the limit across ten concurrent acquirers', async () => {
    const pool = await limitedPool(2);
    const runId = randomUUID();
    let running = 0;
    let maxRunning = 0;
    await Promise.all(
      Array.from({ length: 10 }, async (_, index) => {
        const stepKey = `step-${index}`;
        await waiter.acquire({ pool, runId, stepKey, priority: 0 });
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        await new Promise((resolve) => setTimeout(resolve, 3));
        running -= 1;
        await waiter.release(runId, stepKey);
      }),
    );
    expect(maxRunning).toBeLessThanOrEqual(2);
    expect(maxRunning).toBeGreaterThanOrEqual(1);
    expect(await holders(pool)).toEqual([]);
  });
});
