// PrismaConcurrencyStore against real Postgres: limits, turn order, shrink, idempotence, sweeps.
import { randomUUID } from 'node:crypto';
import { useTestDatabase } from '@orrery/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, PrismaConcurrencyStore, type PrismaClient, type PrismaRunStatus } from '../src/index.js';

const database = useTestDatabase();
let prisma: PrismaClient;
let store: PrismaConcurrencyStore;

beforeAll(() => {
  // Enough connections for ten claimers to hold transactions at once.
  prisma = createPrismaClient({ url: database.url, poolSize: 12 });
  store = new PrismaConcurrencyStore(prisma);
});

afterAll(async () => {
  await prisma.$disconnect();
});

/** A fresh pool name per test: tests share the database. */
function newPool(): string {
  return `pool-${randomUUID().slice(0, 8)}`;
}

async function slotRows(pool: string) {
  return await prisma.concurrencySlot.findMany({ where: { pool }, orderBy: { slot: 'asc' } });
}

async function holders(pool: string): Promise<string[]> {
  return (await slotRows(pool)).filter((row) => row.stepKey !== null).map((row) => row.stepKey!).sort();
}

async function insertRun(status: PrismaRunStatus): Promise<string> {
  const runId = randomUUID();
  await prisma.run.create({ data: { runId, jobName: 'pools', status, runBody: {} } });
  return runId;
}

describe('PrismaConcurrencyStore', () => {
  it('never lets more than the limit hold slots when ten steps claim at once', async () => {
    const pool = newPool();
    await store.setPoolLimit(pool, 2);
    const runId = randomUUID();
    let holding = 0;
    let maxHolding = 0;
    const maxHoldersInDb: number[] = [];
    const finished: string[] = [];
    await Promise.all(
      Array.from({ length: 10 }, async (_, index) => {
        const stepKey = `step-${index}`;
        while (!(await store.claimSlot({ pool, runId, stepKey, priority: 0 })).claimed) {
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
        holding += 1;
        maxHolding = Math.max(maxHolding, holding);
        maxHoldersInDb.push((await holders(pool)).length);
        await new Promise((resolve) => setTimeout(resolve, 5));
        holding -= 1;
        await store.releaseSlot(runId, stepKey);
        finished.push(stepKey);
      }),
    );
    expect(finished).toHaveLength(10);
    expect(maxHolding).toBeLessThanOrEqual(2);
    expect(Math.max(...maxHoldersInDb)).toBeLessThanOrEqual(2);
    expect(await holders(pool)).toEqual([]);
    expect(await prisma.pendingStep.count({ where: { pool } })).toBe(0);
  });

  it('lets two steps hold a pool of two and turns the third away', async () => {
    const pool = newPool();
    await store.setPoolLimit(pool, 2);
    const runId = randomUUID();
    expect(await store.claimSlot({ pool, runId, stepKey: 'a', priority: 0 })).toEqual({ claimed: true });
    expect(await store.claimSlot({ pool, runId, stepKey: 'b', priority: 0 })).toEqual({ claimed: true });
    expect(await store.claimSlot({ pool, runId, stepKey: 'c', priority: 0 })).toEqual({ claimed: false });
    expect(await holders(pool)).toEqual(['a', 'b']);
    const info = await store.getPoolLimit(pool);
    expect(info).toEqual({ pool, limit: 2, usingDefaultLimit: false, claimedSlots: 2, waitingSteps: 1 });
    const assigned = await prisma.pendingStep.findMany({ where: { pool }, orderBy: { stepKey: 'asc' } });
    expect(assigned.map((row) => [row.stepKey, row.assignedTime !== null])).toEqual([['a', true], ['b', true], ['c', false]]);
  });

  it('serves waiting steps by priority, then by age', async () => {
    const pool = newPool();
    await store.setPoolLimit(pool, 1);
    const runId = randomUUID();
    const claim = async (stepKey: string, priority = 0) => (await store.claimSlot({ pool, runId, stepKey, priority })).claimed;
    expect(await claim('holder')).toBe(true);
    expect(await claim('old')).toBe(false);
    expect(await claim('young')).toBe(false);
    expect(await claim('urgent', 5)).toBe(false);
    await store.releaseSlot(runId, 'holder');
    // The slot is free, but only the first in line may take it.
    expect(await claim('young')).toBe(false);
    expect(await claim('old')).toBe(false);
    expect(await claim('urgent', 5)).toBe(true);
    await store.releaseSlot(runId, 'urgent');
    expect(await claim('young')).toBe(false);
    expect(await claim('old')).toBe(true);
    await store.releaseSlot(runId, 'old');
    expect(await claim('young')).toBe(true);
  });

  it('is idempotent for a step that already holds a slot, even when it claims twice at once', async () => {
    const pool = newPool();
    await store.setPoolLimit(pool, 3);
    const runId = randomUUID();
    const request = { pool, runId, stepKey: 'twice', priority: 0 };
    const results = await Promise.all([store.claimSlot(request), store.claimSlot(request)]);
    expect(results).toEqual([{ claimed: true }, { claimed: true }]);
    expect(await store.claimSlot(request)).toEqual({ claimed: true });
    expect(await holders(pool)).toEqual(['twice']);
    expect(await prisma.pendingStep.count({ where: { pool } })).toBe(1);
  });

  it('shrinks a pool without preempting holders: their slots are marked deleted and vanish when freed', async () => {
    const pool = newPool();
    await store.setPoolLimit(pool, 3);
    const runId = randomUUID();
    for (const stepKey of ['a', 'b', 'c']) expect((await store.claimSlot({ pool, runId, stepKey, priority: 0 })).claimed).toBe(true);
    await store.setPoolLimit(pool, 1);
    let rows = await slotRows(pool);
    expect(rows).toHaveLength(3);
    expect(rows.filter((row) => row.deleted)).toHaveLength(2);
    expect(await store.claimSlot({ pool, runId, stepKey: 'd', priority: 0 })).toEqual({ claimed: false });

    await store.releaseSlot(runId, 'c');
    await store.releaseSlot(runId, 'b');
    rows = await slotRows(pool);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.deleted).toBe(false);
    // One live slot, still held by a: d keeps waiting until a is done.
    expect(await store.claimSlot({ pool, runId, stepKey: 'd', priority: 0 })).toEqual({ claimed: false });
    await store.releaseSlot(runId, 'a');
    expect(await store.claimSlot({ pool, runId, stepKey: 'd', priority: 0 })).toEqual({ claimed: true });
  });

  it('shrinks by deleting free slots first and grows by reviving held deleted slots', async () => {
    const pool = newPool();
    await store.setPoolLimit(pool, 4);
    const runId = randomUUID();
    for (const stepKey of ['a', 'b']) await store.claimSlot({ pool, runId, stepKey, priority: 0 });
    await store.setPoolLimit(pool, 1);
    let rows = await slotRows(pool);
    // The two free slots went; one of the two held ones is marked deleted.
    expect(rows.map((row) => [row.stepKey, row.deleted])).toEqual([['a', false], ['b', true]]);
    await store.setPoolLimit(pool, 3);
    rows = await slotRows(pool);
    expect(rows.filter((row) => !row.deleted)).toHaveLength(3);
    expect(rows.filter((row) => row.stepKey !== null).map((row) => row.deleted)).toEqual([false, false]);
    expect(await store.claimSlot({ pool, runId, stepKey: 'c', priority: 0 })).toEqual({ claimed: true });
    expect(await store.claimSlot({ pool, runId, stepKey: 'd', priority: 0 })).toEqual({ claimed: false });
    expect((await store.getPoolLimit(pool))?.limit).toBe(3);
  });

  it('lets nobody into a pool of limit 0 and rejects a negative limit', async () => {
    const pool = newPool();
    await store.setPoolLimit(pool, 0);
    expect(await store.claimSlot({ pool, runId: randomUUID(), stepKey: 'x', priority: 100 })).toEqual({ claimed: false });
    await expect(store.setPoolLimit(pool, -1)).rejects.toThrow(RangeError);
    await expect(store.setPoolLimit(pool, 1.5)).rejects.toThrow(RangeError);
  });

  it('treats a pool without a limit as unlimited when there is no default limit', async () => {
    const pool = newPool();
    const runId = randomUUID();
    for (const stepKey of ['a', 'b', 'c']) expect(await store.claimSlot({ pool, runId, stepKey, priority: 0 })).toEqual({ claimed: true });
    expect(await slotRows(pool)).toEqual([]);
    expect(await prisma.pendingStep.count({ where: { pool } })).toBe(0);
    expect(await store.getPoolLimit(pool)).toBeNull();
  });

  it('applies the default limit to a pool first seen by a claim', async () => {
    const pool = newPool();
    const withDefault = new PrismaConcurrencyStore(prisma, { defaultLimit: 1 });
    const runId = randomUUID();
    const claims = await Promise.all(['a', 'b'].map((stepKey) => withDefault.claimSlot({ pool, runId, stepKey, priority: 0 })));
    expect(claims.filter((claim) => claim.claimed)).toHaveLength(1);
    expect(await withDefault.getPoolLimit(pool)).toEqual({ pool, limit: 1, usingDefaultLimit: true, claimedSlots: 1, waitingSteps: 1 });
    expect(await slotRows(pool)).toHaveLength(1);
    await withDefault.setPoolLimit(pool, 2);
    expect((await withDefault.getPoolLimit(pool))?.usingDefaultLimit).toBe(false);
    expect((await withDefault.listPools()).map((info) => info.pool)).toContain(pool);
  });

  it('frees the slots and waiting steps of finished runs only', async () => {
    const pool = newPool();
    await store.setPoolLimit(pool, 2);
    const finished = await insertRun('FAILURE');
    const running = await insertRun('STARTED');
    expect((await store.claimSlot({ pool, runId: finished, stepKey: 'crashed', priority: 0 })).claimed).toBe(true);
    expect((await store.claimSlot({ pool, runId: running, stepKey: 'alive', priority: 0 })).claimed).toBe(true);
    expect((await store.claimSlot({ pool, runId: finished, stepKey: 'stuck', priority: 0 })).claimed).toBe(false);

    const freed = await store.freeSlotsOfFinishedRuns();
    expect(freed).toEqual({ slots: 1, pendingSteps: 2 });
    expect(await holders(pool)).toEqual(['alive']);
    const waiting = await prisma.pendingStep.findMany({ where: { pool }, select: { stepKey: true } });
    expect(waiting.map((row) => row.stepKey)).toEqual(['alive']);
    expect(await store.freeSlotsOfFinishedRuns()).toEqual({ slots: 0, pendingSteps: 0 });
  });

  it('releaseSlot says whether the step held or awaited anything', async () => {
    const pool = newPool();
    await store.setPoolLimit(pool, 1);
    const runId = randomUUID();
    await store.claimSlot({ pool, runId, stepKey: 'a', priority: 0 });
    expect(await store.releaseSlot(runId, 'a')).toBe(true);
    expect(await store.releaseSlot(runId, 'a')).toBe(false);
  });
});
