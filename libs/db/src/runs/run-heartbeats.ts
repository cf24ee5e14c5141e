import type { RunStatus } from '@orrery/core';
import type { DbClient } from '../transaction.js';

/** A run attempt an executor is running. */
export interface RunAttemptRef {
  runId: string;
  attempt: number;
}

/** The state of a beaten run as the heartbeat found it. */
export interface RunHeartbeatState extends RunAttemptRef {
  status: RunStatus;
}

/**
 * Refreshes `runs.heartbeat_time` of every given attempt in ONE statement and returns the
 * runs still at that attempt, with their status. A run missing from the result has moved to
 * another attempt (run monitoring resumed or failed it): its executor must stop. A run
 * returned as CANCELING was canceled and the cancel message may have been lost.
 */
export async function beatRuns(db: DbClient, attempts: readonly RunAttemptRef[]): Promise<RunHeartbeatState[]> {
  if (attempts.length === 0) return [];
  const runIds = attempts.map((item) => item.runId);
  const numbers = attempts.map((item) => item.attempt);
  return await db.$queryRaw<RunHeartbeatState[]>`
    UPDATE runs AS r SET heartbeat_time = now()
    FROM unnest(${runIds}::uuid[], ${numbers}::int[]) AS a(run_id, attempt)
    WHERE r.run_id = a.run_id AND r.attempt = a.attempt
    RETURNING r.run_id::text AS "runId", r.attempt AS "attempt", r.status::text AS "status"`;
}
