import type { RunStatus } from '@orrery/core';
import type { DbClient } from '../transaction.js';

/** A run watched by run monitoring, with its executor's latest heartbeat (core's MonitoredRun). */
export interface MonitoredRunRow {
  runId: string;
  status: Extract<RunStatus, 'STARTING' | 'STARTED' | 'CANCELING'>;
  attempt: number;
  /** When the run entered its current status. */
  updatedAt: Date;
  /** Time of the latest RUN_START; null before the first. */
  startedAt: Date | null;
  /** `runs.heartbeat_time`: bumped by the executor of the current attempt; null before its first beat. */
  lastHeartbeatAt: Date | null;
}

/**
 * Runs in STARTING, STARTED or CANCELING with their heartbeat: what run monitoring decides
 * on. Served by the runs (status, update_time) index.
 */
export async function readMonitoredRuns(db: DbClient): Promise<MonitoredRunRow[]> {
  return await db.$queryRaw<MonitoredRunRow[]>`
    SELECT run_id::text AS "runId", status::text AS status, attempt, update_time AS "updatedAt",
           start_time AS "startedAt", heartbeat_time AS "lastHeartbeatAt"
    FROM runs
    WHERE status IN ('STARTING', 'STARTED', 'CANCELING')`;
}
