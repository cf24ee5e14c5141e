import type { RunRecord } from '@orrery/core';
import type { DbClient } from '../transaction.js';
import { toRunRecord, withTags } from '../runs/run-rows.js';
import { isUuid } from '../uuid.js';

/** A RUN_FAILURE event of the event log. */
export interface RunFailureEvent {
  /** Storage id (`event_logs.id`): the feed's cursor. */
  id: bigint;
  runId: string;
  /** When the event was written (its writer's clock). */
  timestamp: Date;
}

/**
 * RUN_FAILURE events with a storage id above `afterId`, in id order, at most `limit`.
 * Served by the event_logs (event_type, id) index.
 */
export async function readRunFailuresAfter(db: DbClient, afterId: bigint, limit: number): Promise<RunFailureEvent[]> {
  const rows = await db.$queryRaw<{ id: bigint; runId: string; timestamp: Date }[]>`
    SELECT id, run_id::text AS "runId", timestamp
    FROM event_logs
    WHERE event_type = 'RUN_FAILURE' AND id > ${afterId} AND run_id IS NOT NULL
    ORDER BY id
    LIMIT ${limit}`;
  return rows.map((row) => ({ ...row, id: BigInt(row.id) }));
}

/** Storage id of the newest RUN_FAILURE event; 0 when there is none. */
export async function readLatestRunFailureId(db: DbClient): Promise<bigint> {
  const rows = await db.$queryRaw<{ id: bigint | null }[]>`
    SELECT max(id) AS id FROM event_logs WHERE event_type = 'RUN_FAILURE'`;
  const id = rows[0]?.id;
  return id === null || id === undefined ? 0n : BigInt(id);
}

/** The runs with these ids (with tags), in no particular order; unknown ids are left out. */
export async function readRunsByIds(db: DbClient, runIds: readonly string[]): Promise<RunRecord[]> {
  const ids = [...new Set(runIds)].filter(isUuid);
  if (ids.length === 0) return [];
  const rows = await db.run.findMany({ where: { runId: { in: ids } }, include: withTags });
  return rows.map(toRunRecord);
}

/**
 * Adds a tag to a run unless the run already has that key: true when this call added it.
 * Under concurrency exactly one caller gets true (the run_tags (run_id, key) unique index),
 * which makes it a claim: the run-launcher marks a failed run with its retry's id this
 * way, in the transaction that creates the retry, so two replicas never both retry it.
 */
export async function addRunTagIfAbsent(db: DbClient, runId: string, key: string, value: string): Promise<boolean> {
  if (!isUuid(runId)) return false;
  const inserted = await db.$executeRaw`
    INSERT INTO run_tags (run_id, key, value) VALUES (${runId}::uuid, ${key}, ${value})
    ON CONFLICT (run_id, key) DO NOTHING`;
  return inserted === 1;
}

/** A step event of a run: its type and step key, in storage order. */
export interface StepEventRow {
  type: string;
  stepKey: string;
}

/**
 * The events of a run that name a step, in storage order (what `stepOutcomesFromEvents`
 * reads to re-execute a run from failure). Served by the event_logs (run_id, id) index.
 */
export async function readStepEvents(db: DbClient, runId: string): Promise<StepEventRow[]> {
  if (!isUuid(runId)) return [];
  return await db.$queryRaw<StepEventRow[]>`
    SELECT event_type::text AS type, step_key AS "stepKey"
    FROM event_logs
    WHERE run_id = ${runId}::uuid AND step_key IS NOT NULL
    ORDER BY id`;
}
