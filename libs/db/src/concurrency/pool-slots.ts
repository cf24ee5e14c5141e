import type { DbClient } from '../transaction.js';

// The slot rows of a pool: created, revived, deleted or marked deleted when its limit changes.

interface SlotRow {
  id: bigint;
  slot: number;
  run_id: string | null;
  deleted: boolean;
}

/**
 * Makes the pool's live (not `deleted`) slots number exactly `limit`. Run inside a
 * transaction: it locks every slot row of the pool first, so claimers (which skip locked
 * rows) and a concurrent resize wait for it, and it decides on a consistent view.
 *
 * Growing revives held slots that an earlier shrink marked deleted before adding new rows,
 * because their holders are still running and count against the limit again. Shrinking
 * deletes free slots first (highest slot numbers first) and only then marks held slots
 * `deleted`: a running step is never preempted; its slot disappears when it is freed.
 */
export async function resizePoolSlots(db: DbClient, pool: string, limit: number): Promise<void> {
  const slots = await db.$queryRaw<SlotRow[]>`
    SELECT id, slot, run_id::text AS run_id, deleted FROM concurrency_slots
    WHERE pool = ${pool} ORDER BY slot FOR UPDATE`;
  const live = slots.filter((row) => !row.deleted);
  if (live.length < limit) {
    const revived = slots.filter((row) => row.deleted).slice(0, limit - live.length);
    if (revived.length > 0) {
      const ids = revived.map((row) => row.id.toString());
      await db.$executeRaw`UPDATE concurrency_slots SET deleted = false WHERE id = ANY(${ids}::bigint[])`;
    }
    const missing = limit - live.length - revived.length;
    if (missing > 0) {
      const next = slots.reduce((max, row) => Math.max(max, row.slot), -1) + 1;
      await db.$executeRaw`
        INSERT INTO concurrency_slots (pool, slot)
        SELECT ${pool}, n FROM generate_series(${next}::int, ${next + missing - 1}::int) AS n`;
    }
    return;
  }
  let excess = live.length - limit;
  if (excess === 0) return;
  const free = live.filter((row) => row.run_id === null).reverse().slice(0, excess);
  if (free.length > 0) {
    const ids = free.map((row) => row.id.toString());
    await db.$executeRaw`DELETE FROM concurrency_slots WHERE id = ANY(${ids}::bigint[])`;
    excess -= free.length;
  }
  if (excess === 0) return;
  const held = live.filter((row) => row.run_id !== null).reverse().slice(0, excess);
  const ids = held.map((row) => row.id.toString());
  await db.$executeRaw`UPDATE concurrency_slots SET deleted = true WHERE id = ANY(${ids}::bigint[])`;
}

/**
 * Frees the slots matched by `runId` (and `stepKey` when given): a slot marked deleted
 * goes away, any other becomes free. Returns how many slots were freed or removed.
 */
export async function freeSlots(db: DbClient, runId: string, stepKey: string | null): Promise<number> {
  const removed = await db.$executeRaw`
    DELETE FROM concurrency_slots
    WHERE run_id = ${runId}::uuid AND (${stepKey}::text IS NULL OR step_key = ${stepKey}::text) AND deleted`;
  const freed = await db.$executeRaw`
    UPDATE concurrency_slots SET run_id = NULL, step_key = NULL, claimed_at = NULL
    WHERE run_id = ${runId}::uuid AND (${stepKey}::text IS NULL OR step_key = ${stepKey}::text)`;
  return removed + freed;
}
