import type { EventType, JsonObject, NewEvent, RunRecord, RunStatus } from '@orrery/core';
import type { DbClient } from '../transaction.js';
import type { RunJsonRow } from './run-rows.js';

// One function per statement (graphile-worker's style). Each is a single round trip: a run
// status change sits on the launch path of every run, where Prisma's interactive
// transaction (BEGIN, one statement per write, a read-back, COMMIT) cost several.

/** A run row as the statements below return it, with the id of the event they wrote. */
export type RunStatementRow = RunJsonRow & { eventId: bigint | number | string | null };

/** The `event_logs` columns of one event, as `insertEvents` in event-rows.ts would store them. */
interface EventColumns {
  type: EventType;
  stepKey: string | null;
  assetKey: string | null;
  partition: string | null;
  /** ISO text, sent as one timestamptz parameter. */
  timestamp: string;
  /** `{level, message, data}`: the body shape event-rows.ts writes and reads. */
  body: string;
}

/** The columns of `event` as `insertEvents` writes them: same defaults, same body shape. */
export function eventColumns(event: Omit<NewEvent, 'runId'>, timestamp: Date): EventColumns {
  return {
    type: event.type,
    stepKey: event.stepKey ?? null,
    assetKey: event.assetKey ?? null,
    partition: event.partition ?? null,
    timestamp: timestamp.toISOString(),
    body: JSON.stringify({ level: event.level ?? 'INFO', message: event.message ?? '', data: event.data ?? {} }),
  };
}

/** A conditional status change, its columns already decided by the caller. */
export interface StatusChange {
  runId: string;
  from: readonly RunStatus[];
  to: RunStatus;
  /** Fence: the current attempt must equal this; null for no fence. */
  attempt: number | null;
  incrementAttempt: boolean;
  /** New start_time, or null to keep it. */
  startTime: Date | null;
  /** New end_time, or null to keep it. */
  endTime: Date | null;
  /** New failure_reason, or null to keep it. */
  failureReason: string | null;
  event: EventColumns;
}

/**
 * The status change, its event and the run after it, in ONE statement.
 *
 * `updated` is the fence: under READ COMMITTED a row changed by a concurrent transaction
 * after our snapshot makes the UPDATE re-check its WHERE on the newest version, so exactly
 * one of racing identical changes applies. The event is inserted from `updated`'s rows, so
 * it exists only when the change applied.
 *
 * Every CTE reads the statement's snapshot, which predates the change: hence the run after
 * an applied change comes from `updated`, never from `runs`. When nothing was updated, two
 * cases differ. If the snapshot row fails the fence, the statement is a consistent read at
 * its snapshot and `unchanged` returns that row without locking. If the snapshot row PASSES
 * the fence yet nothing was updated, a concurrent transaction changed (or deleted) the row
 * after our snapshot and the snapshot row is stale (a claim that lost to a cancel would see
 * STARTING instead of CANCELING); `relocked` re-reads it FOR SHARE, which in READ COMMITTED
 * returns the newest committed version. The UPDATE already waited for that writer, so the
 * lock adds no wait of its own beyond a yet newer writer; it is only taken on that path.
 * The uncorrelated NOT EXISTS / EXISTS conditions are one-time filters evaluated before the
 * scans, so `runs` is read only when `updated` is empty.
 */
export async function changeRunStatus(db: DbClient, change: StatusChange): Promise<RunStatementRow | null> {
  const { runId, event } = change;
  const rows = await db.$queryRaw<RunStatementRow[]>`
    WITH updated AS (
      UPDATE runs SET
        status = ${change.to}::run_status,
        attempt = CASE WHEN ${change.incrementAttempt}::boolean THEN attempt + 1 ELSE attempt END,
        start_time = COALESCE(${change.startTime}::timestamptz, start_time),
        end_time = COALESCE(${change.endTime}::timestamptz, end_time),
        failure_reason = COALESCE(${change.failureReason}::text, failure_reason),
        update_time = now()
      WHERE run_id = ${runId}::uuid
        AND status = ANY(${change.from}::run_status[])
        AND (${change.attempt}::int IS NULL OR attempt = ${change.attempt}::int)
      RETURNING *
    ),
    event AS (
      INSERT INTO event_logs (run_id, event_type, step_key, asset_key, partition, timestamp, body)
      SELECT u.run_id, ${event.type}::event_type, ${event.stepKey}::text, ${event.assetKey}::text,
        ${event.partition}::text, ${event.timestamp}::timestamptz, ${event.body}::jsonb
      FROM updated u
      RETURNING id
    ),
    unchanged AS (
      SELECT r.* FROM runs r
      WHERE r.run_id = ${runId}::uuid AND NOT EXISTS (SELECT 1 FROM updated)
        AND NOT (r.status = ANY(${change.from}::run_status[])
          AND (${change.attempt}::int IS NULL OR r.attempt = ${change.attempt}::int))
    ),
    relocked AS (
      SELECT r.* FROM runs r
      WHERE r.run_id = ${runId}::uuid AND NOT EXISTS (SELECT 1 FROM updated)
        AND EXISTS (
          SELECT 1 FROM runs s WHERE s.run_id = ${runId}::uuid
            AND s.status = ANY(${change.from}::run_status[])
            AND (${change.attempt}::int IS NULL OR s.attempt = ${change.attempt}::int))
      FOR SHARE
    ),
    after AS (
      SELECT * FROM updated UNION ALL SELECT * FROM unchanged UNION ALL SELECT * FROM relocked
    )
    SELECT a.run_id::text AS "runId", a.job_name AS "jobName", a.status::text AS "status",
      a.location_name AS "locationName", a.snapshot_id AS "snapshotId", a.partition_key AS "partitionKey",
      a.backfill_id AS "backfillId", a.parent_run_id::text AS "parentRunId", a.root_run_id::text AS "rootRunId",
      a.attempt, a.failure_reason AS "failureReason", a.run_body AS "runBody",
      a.create_time AS "createTime", a.update_time AS "updateTime", a.start_time AS "startTime", a.end_time AS "endTime",
      COALESCE((SELECT jsonb_object_agg(t.key, t.value) FROM run_tags t WHERE t.run_id = a.run_id), '{}'::jsonb) AS "tags",
      (SELECT e.id FROM event e) AS "eventId"
    FROM after a`;
  return rows[0] ?? null;
}

/** A new run's columns, its tags and its optional first event. */
export interface RunInsert
  extends Pick<RunRecord, 'runId' | 'jobName' | 'status' | 'locationName' | 'snapshotId' | 'partitionKey' | 'backfillId' | 'parentRunId' | 'rootRunId'> {
  body: JsonObject;
  tags: readonly (readonly [string, string])[];
  event: EventColumns | null;
}

/**
 * Inserts a run, its tags and its first event in ONE statement, so they are atomic without
 * a transaction. The foreign keys of `run_tags` and `event_logs` are checked at the end of
 * the statement, when the run row exists.
 */
export async function insertRun(db: DbClient, run: RunInsert): Promise<RunStatementRow> {
  const keys = run.tags.map(([key]) => key);
  const values = run.tags.map(([, value]) => value);
  const event = run.event;
  const rows = await db.$queryRaw<RunStatementRow[]>`
    WITH inserted AS (
      INSERT INTO runs (run_id, job_name, status, location_name, snapshot_id, partition_key, backfill_id,
        parent_run_id, root_run_id, run_body)
      VALUES (${run.runId}::uuid, ${run.jobName}::text, ${run.status}::run_status, ${run.locationName}::text,
        ${run.snapshotId}::text, ${run.partitionKey}::text, ${run.backfillId}::text, ${run.parentRunId}::uuid,
        ${run.rootRunId}::uuid, ${JSON.stringify(run.body)}::jsonb)
      RETURNING *
    ),
    tags AS (
      INSERT INTO run_tags (run_id, key, value)
      SELECT i.run_id, t.key, t.value
      FROM inserted i, unnest(${keys}::text[], ${values}::text[]) WITH ORDINALITY AS t(key, value, n)
      ORDER BY t.n
      RETURNING key, value
    ),
    event AS (
      INSERT INTO event_logs (run_id, event_type, step_key, asset_key, partition, timestamp, body)
      SELECT i.run_id, ${event?.type ?? null}::event_type, ${event?.stepKey ?? null}::text, ${event?.assetKey ?? null}::text,
        ${event?.partition ?? null}::text, ${event?.timestamp ?? null}::timestamptz, ${event?.body ?? null}::jsonb
      FROM inserted i
      WHERE ${event !== null}::boolean
      RETURNING id
    )
    SELECT i.run_id::text AS "runId", i.job_name AS "jobName", i.status::text AS "status",
      i.location_name AS "locationName", i.snapshot_id AS "snapshotId", i.partition_key AS "partitionKey",
      i.backfill_id AS "backfillId", i.parent_run_id::text AS "parentRunId", i.root_run_id::text AS "rootRunId",
      i.attempt, i.failure_reason AS "failureReason", i.run_body AS "runBody",
      i.create_time AS "createTime", i.update_time AS "updateTime", i.start_time AS "startTime", i.end_time AS "endTime",
      COALESCE((SELECT jsonb_object_agg(t.key, t.value) FROM tags t), '{}'::jsonb) AS "tags",
      (SELECT e.id FROM event e) AS "eventId"
    FROM inserted i`;
  const row = rows[0];
  if (!row) throw new Error('insertRun: INSERT … RETURNING returned no row');
  return row;
}

/** The run with its tags, or null; one statement. */
export async function selectRun(db: DbClient, runId: string): Promise<RunJsonRow | null> {
  const rows = await db.$queryRaw<RunJsonRow[]>`
    SELECT r.run_id::text AS "runId", r.job_name AS "jobName", r.status::text AS "status",
      r.location_name AS "locationName", r.snapshot_id AS "snapshotId", r.partition_key AS "partitionKey",
      r.backfill_id AS "backfillId", r.parent_run_id::text AS "parentRunId", r.root_run_id::text AS "rootRunId",
      r.attempt, r.failure_reason AS "failureReason", r.run_body AS "runBody",
      r.create_time AS "createTime", r.update_time AS "updateTime", r.start_time AS "startTime", r.end_time AS "endTime",
      COALESCE((SELECT jsonb_object_agg(t.key, t.value) FROM run_tags t WHERE t.run_id = r.run_id), '{}'::jsonb) AS "tags"
    FROM runs r WHERE r.run_id = ${runId}::uuid`;
  return rows[0] ?? null;
}
