import type { DbClient } from '../transaction.js';

/** What {@link releaseRunSlots} freed. */
export interface ReleasedRunSlots {
  /** Slots the run held, now free. */
  slots: number;
  /** Steps of the run that were still waiting for a slot, now forgotten. */
  pendingSteps: number;
}

/**
 * Frees every concurrency slot a run holds and drops its waiting steps: called when the run
 * ends however it ends (finished, canceled, or failed by run monitoring after its executor
 * died), so a crashed run never keeps a pool blocked. Slots marked deleted (the pool shrank
 * while they were held) go away instead of becoming free. Idempotent.
 */
export async function releaseRunSlots(db: DbClient, runId: string): Promise<ReleasedRunSlots> {
  const removed = await db.$executeRaw`DELETE FROM concurrency_slots WHERE run_id = ${runId}::uuid AND deleted`;
  const freed = await db.$executeRaw`
    UPDATE concurrency_slots SET run_id = NULL, step_key = NULL, claimed_at = NULL WHERE run_id = ${runId}::uuid`;
  const pendingSteps = await db.$executeRaw`DELETE FROM pending_steps WHERE run_id = ${runId}::uuid`;
  return { slots: removed + freed, pendingSteps };
}
