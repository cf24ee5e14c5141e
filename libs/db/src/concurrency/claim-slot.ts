import type { TransactionClient } from '../transaction.js';

// One claim attempt of a pool slot, as the statements of one transaction.

/** A step asking for a slot of a pool. */
export interface SlotRequest {
  pool: string;
  runId: string;
  stepKey: string;
  /** Higher is served first; equal priorities are served oldest first. */
  priority: number;
}

/**
 * Registers the step in `pending_steps` (once) and locks its row, so that two concurrent
 * claims of the same step run one after the other and cannot take two slots.
 */
async function lockPendingStep(tx: TransactionClient, request: SlotRequest): Promise<void> {
  const { pool, runId, stepKey, priority } = request;
  await tx.$executeRaw`
    INSERT INTO pending_steps (pool, run_id, step_key, priority)
    VALUES (${pool}, ${runId}::uuid, ${stepKey}, ${priority})
    ON CONFLICT (pool, run_id, step_key) DO NOTHING`;
  await tx.$queryRaw`
    SELECT id FROM pending_steps WHERE pool = ${pool} AND run_id = ${runId}::uuid AND step_key = ${stepKey} FOR UPDATE`;
}

async function holdsSlot(tx: TransactionClient, request: SlotRequest): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: bigint }[]>`
    SELECT id FROM concurrency_slots
    WHERE pool = ${request.pool} AND run_id = ${request.runId}::uuid AND step_key = ${request.stepKey} LIMIT 1`;
  return rows.length > 0;
}

/**
 * Waiting steps of the pool served before this one (higher priority, then older, then
 * inserted earlier) and the pool's free live slots. A step may claim only when fewer
 * steps are ahead of it than there are free slots — with one free slot, only the first
 * in line — so a later or lower-priority step never takes a slot from one ahead of it.
 */
async function queuePosition(tx: TransactionClient, request: SlotRequest): Promise<{ ahead: number; free: number }> {
  const { pool, runId, stepKey } = request;
  const rows = await tx.$queryRaw<{ ahead: number; free: number }[]>`
    SELECT
      (SELECT count(*)::int FROM pending_steps w, pending_steps me
       WHERE me.pool = ${pool} AND me.run_id = ${runId}::uuid AND me.step_key = ${stepKey}
         AND w.pool = ${pool} AND w.assigned_time IS NULL
         AND (-w.priority, w.create_time, w.id) < (-me.priority, me.create_time, me.id)) AS ahead,
      (SELECT count(*)::int FROM concurrency_slots
       WHERE pool = ${pool} AND run_id IS NULL AND NOT deleted) AS free`;
  return rows[0] ?? { ahead: 0, free: 0 };
}

/**
 * Takes one free live slot with `FOR UPDATE SKIP LOCKED`: concurrent claimers lock
 * different rows instead of queueing on one, and a row freed-then-taken by another
 * transaction meanwhile fails the re-checked `run_id IS NULL` and is passed over.
 */
async function takeFreeSlot(tx: TransactionClient, request: SlotRequest): Promise<boolean> {
  const { pool, runId, stepKey } = request;
  const taken = await tx.$executeRaw`
    UPDATE concurrency_slots SET run_id = ${runId}::uuid, step_key = ${stepKey}, claimed_at = now()
    WHERE id = (
      SELECT id FROM concurrency_slots
      WHERE pool = ${pool} AND run_id IS NULL AND NOT deleted
      ORDER BY slot LIMIT 1 FOR UPDATE SKIP LOCKED
    ) AND run_id IS NULL AND NOT deleted`;
  return taken > 0;
}

async function markAssigned(tx: TransactionClient, request: SlotRequest): Promise<void> {
  await tx.$executeRaw`
    UPDATE pending_steps SET assigned_time = COALESCE(assigned_time, now())
    WHERE pool = ${request.pool} AND run_id = ${request.runId}::uuid AND step_key = ${request.stepKey}`;
}

/**
 * One claim attempt inside `tx`: true when the step holds a slot afterwards (already held
 * one, or took one now), false when it must wait (not its turn, or no free slot).
 */
export async function claimSlotIn(tx: TransactionClient, request: SlotRequest): Promise<boolean> {
  await lockPendingStep(tx, request);
  if (await holdsSlot(tx, request)) {
    await markAssigned(tx, request);
    return true;
  }
  const { ahead, free } = await queuePosition(tx, request);
  if (ahead >= free) return false;
  if (!(await takeFreeSlot(tx, request))) return false;
  await markAssigned(tx, request);
  return true;
}
