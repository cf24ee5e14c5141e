import type { PrismaClient } from '../generated/prisma/client.js';
import type { DbClient } from '../transaction.js';
import { claimSlotIn, type SlotRequest } from './claim-slot.js';
import { freeSlots, resizePoolSlots } from './pool-slots.js';

export type { SlotRequest } from './claim-slot.js';

/** Options of a {@link PrismaConcurrencyStore}. */
export interface ConcurrencyStoreOptions {
  /**
   * Limit of a pool that has no `concurrency_limits` row, applied (and recorded with
   * `using_default_limit`) the first time a step asks for one of its slots. Default null:
   * such a pool is unlimited and its claims succeed without any row.
   */
  defaultLimit?: number | null;
}

/** A pool as stored: its limit and how its slots are used right now. */
export interface PoolInfo {
  pool: string;
  limit: number;
  /** True when the limit came from the store's default rather than `setPoolLimit`. */
  usingDefaultLimit: boolean;
  /** Slots held by a step (including held slots marked deleted by a shrink). */
  claimedSlots: number;
  /** Steps waiting for a slot. */
  waitingSteps: number;
}

/** Result of {@link PrismaConcurrencyStore.claimSlot}. */
export interface SlotClaim {
  /** True when the step holds a slot (or the pool is unlimited); false: try again later. */
  claimed: boolean;
}

/** What {@link PrismaConcurrencyStore.freeSlotsOfFinishedRuns} freed. */
export interface FreedFinishedRunSlots {
  /** Slots held by finished runs, now free (or gone when marked deleted). */
  slots: number;
  /** Waiting steps of finished runs, now forgotten. */
  pendingSteps: number;
}

const FINISHED_STATUSES = ['SUCCESS', 'FAILURE', 'CANCELED'];

function checkLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`a pool limit must be an integer ≥ 0 (got ${limit})`);
  return limit;
}

/**
 * Dagster's op concurrency on Postgres: each pool has `limit` rows in `concurrency_slots`;
 * a step of a pool waits in `pending_steps` and runs once it holds a slot. Waiting steps
 * are served by priority, then age, so none starves behind later arrivals.
 */
export class PrismaConcurrencyStore {
  private readonly defaultLimit: number | null;

  constructor(
    private readonly prisma: PrismaClient,
    options: ConcurrencyStoreOptions = {},
  ) {
    const defaultLimit = options.defaultLimit ?? null;
    this.defaultLimit = defaultLimit === null ? null : checkLimit(defaultLimit);
  }

  /**
   * Sets the pool's limit (creating the pool) and resizes its slots in one transaction.
   * Shrinking below the number of running holders preempts nobody: their slots are marked
   * deleted and vanish when freed. Throws RangeError for a limit that is not an integer ≥ 0.
   */
  async setPoolLimit(pool: string, limit: number): Promise<void> {
    checkLimit(limit);
    await this.prisma.$transaction(async (tx) => {
      // The upsert locks the pool's limits row: concurrent resizes of a pool run in turn.
      await tx.$executeRaw`
        INSERT INTO concurrency_limits (pool, "limit", using_default_limit, update_time)
        VALUES (${pool}, ${limit}, false, now())
        ON CONFLICT (pool) DO UPDATE SET "limit" = EXCLUDED."limit", using_default_limit = false, update_time = now()`;
      await resizePoolSlots(tx, pool, limit);
    });
  }

  /** The pool's limit and usage; null when the pool has no `concurrency_limits` row. */
  async getPoolLimit(pool: string): Promise<PoolInfo | null> {
    return (await this.pools(pool))[0] ?? null;
  }

  /** Every pool with a `concurrency_limits` row, by name. */
  async listPools(): Promise<PoolInfo[]> {
    return await this.pools(null);
  }

  /**
   * One attempt to take a slot for the step (poll it until `claimed`; see the executor's
   * PoolSlotWaiter). Registers the step as waiting when it is not yet, then, in one
   * transaction, takes a free slot only if the step's turn has come. Idempotent: a step
   * that already holds a slot gets `claimed: true` again without a second slot.
   */
  async claimSlot(request: SlotRequest): Promise<SlotClaim> {
    const claimed = await this.prisma.$transaction(async (tx) => {
      if (!(await this.ensurePool(tx, request.pool))) return true;
      return await claimSlotIn(tx, request);
    });
    return { claimed };
  }

  /**
   * Frees the step's slot (a slot marked deleted goes away) and forgets its waiting row.
   * Also what a waiter calls when it gives up. Idempotent; true when anything was held or waiting.
   */
  async releaseSlot(runId: string, stepKey: string): Promise<boolean> {
    return await this.prisma.$transaction(async (tx) => {
      const slots = await freeSlots(tx, runId, stepKey);
      const pending = await tx.$executeRaw`DELETE FROM pending_steps WHERE run_id = ${runId}::uuid AND step_key = ${stepKey}`;
      return slots + pending > 0;
    });
  }

  /**
   * Frees every slot and waiting row of runs that have finished (SUCCESS, FAILURE,
   * CANCELED): a sweep for executors that died without releasing. Safe to run any time,
   * from any replica.
   */
  async freeSlotsOfFinishedRuns(): Promise<FreedFinishedRunSlots> {
    return await this.prisma.$transaction(async (tx) => {
      const finished = await tx.$queryRaw<{ run_id: string }[]>`
        SELECT DISTINCT r.run_id::text AS run_id FROM runs r
        WHERE r.status::text = ANY(${FINISHED_STATUSES}::text[])
          AND (EXISTS (SELECT 1 FROM concurrency_slots s WHERE s.run_id = r.run_id)
            OR EXISTS (SELECT 1 FROM pending_steps p WHERE p.run_id = r.run_id))`;
      let slots = 0;
      let pendingSteps = 0;
      for (const { run_id: runId } of finished) {
        slots += await freeSlots(tx, runId, null);
        pendingSteps += await tx.$executeRaw`DELETE FROM pending_steps WHERE run_id = ${runId}::uuid`;
      }
      return { slots, pendingSteps };
    });
  }

  /**
   * True when the pool is limited (its slots exist after this call); false for a pool
   * without a limits row when there is no default limit.
   */
  private async ensurePool(db: DbClient, pool: string): Promise<boolean> {
    const rows = await db.$queryRaw<{ pool: string }[]>`SELECT pool FROM concurrency_limits WHERE pool = ${pool}`;
    if (rows.length > 0) return true;
    if (this.defaultLimit === null) return false;
    const created = await db.$executeRaw`
      INSERT INTO concurrency_limits (pool, "limit", using_default_limit) VALUES (${pool}, ${this.defaultLimit}, true)
      ON CONFLICT (pool) DO NOTHING`;
    // Only the transaction that created the row creates the slots; a concurrent creator
    // that lost the race waits on the row and finds it (and its slots) committed.
    if (created > 0) await resizePoolSlots(db, pool, this.defaultLimit);
    return true;
  }

  private async pools(pool: string | null): Promise<PoolInfo[]> {
    const rows = await this.prisma.$queryRaw<{ pool: string; limit: number; using_default_limit: boolean; claimed: number; waiting: number }[]>`
      SELECT l.pool, l."limit", l.using_default_limit,
        (SELECT count(*)::int FROM concurrency_slots s WHERE s.pool = l.pool AND s.run_id IS NOT NULL) AS claimed,
        (SELECT count(*)::int FROM pending_steps p WHERE p.pool = l.pool AND p.assigned_time IS NULL) AS waiting
      FROM concurrency_limits l
      WHERE ${pool}::text IS NULL OR l.pool = ${pool}::text
      ORDER BY l.pool`;
    return rows.map((row) => ({
      pool: row.pool, limit: row.limit, usingDefaultLimit: row.using_default_limit, claimedSlots: row.claimed, waitingSteps: row.waiting,
    }));
  }
}
