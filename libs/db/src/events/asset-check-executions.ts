import type { EventRecord } from '@orrery/core';
import type { DbClient } from '../transaction.js';

// `asset_check_executions`: a PLANNED row per ASSET_CHECK_EVALUATION_PLANNED, turned into
// SUCCEEDED / FAILED by the ASSET_CHECK_EVALUATION of the same run, asset, check and
// partition; written with the events by PrismaEventLogStore.appendBatch.

/** Prefix of the engine's check step keys: `check:<asset key>:<check name>`. */
const CHECK_STEP_PREFIX = 'check:';

/**
 * The check an event is about: `data.checkName` when the engine put it there (evaluations
 * do), else read from the check step key (planned events carry none). Undefined when
 * neither names it — an asset function's result for an unnamed check.
 */
export function checkNameOf(record: EventRecord): string | undefined {
  const named = record.data.checkName;
  if (typeof named === 'string' && named !== '') return named;
  const stepPrefix = `${CHECK_STEP_PREFIX}${record.assetKey}:`;
  if (record.stepKey?.startsWith(stepPrefix) && record.stepKey.length > stepPrefix.length) return record.stepKey.slice(stepPrefix.length);
  return undefined;
}

/** The materialization the evaluation names (`data.materializationEventId`, an id as number or decimal text). */
function materializationEventId(record: EventRecord): string | null {
  const value = record.data.materializationEventId;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value === 'string' && /^\d+$/.test(value)) return value;
  return null;
}

/** PLANNED rows of a batch's planned check events, in one statement. */
async function insertPlanned(db: DbClient, planned: readonly { record: EventRecord; checkName: string }[]): Promise<void> {
  if (planned.length === 0) return;
  const assetKeys = planned.map(({ record }) => record.assetKey!);
  const checkNames = planned.map(({ checkName }) => checkName);
  const partitions = planned.map(({ record }) => record.partition);
  const runIds = planned.map(({ record }) => record.runId);
  const times = planned.map(({ record }) => record.timestamp.toISOString());
  await db.$executeRaw`
    INSERT INTO asset_check_executions (asset_key, check_name, partition, run_id, status, create_time, update_time)
    SELECT p.asset_key, p.check_name, p.partition, p.run_id, 'PLANNED', p.ts, p.ts
    FROM unnest(${assetKeys}::text[], ${checkNames}::text[], ${partitions}::text[], ${runIds}::uuid[], ${times}::timestamptz[])
      AS p(asset_key, check_name, partition, run_id, ts)`;
}

/**
 * Records one evaluation: updates the run's PLANNED rows of that asset and check — of the
 * event's partition, or every partition when the event names none (the engine evaluates a
 * check once for the run's whole target) — or inserts a row when none was planned (checks
 * an asset function reports itself are never announced).
 */
async function recordEvaluation(db: DbClient, record: EventRecord, checkName: string): Promise<void> {
  const status = record.data.passed === true ? 'SUCCEEDED' : 'FAILED';
  const evaluation = JSON.stringify(record.data);
  const eventId = record.id.toString();
  const materializationId = materializationEventId(record);
  const time = record.timestamp.toISOString();
  const updated = await db.$executeRaw`
    UPDATE asset_check_executions SET
      status = ${status}, evaluation = ${evaluation}::jsonb, evaluation_time = ${time}::timestamptz,
      evaluation_event_id = ${eventId}::bigint, materialization_event_id = ${materializationId}::bigint, update_time = now()
    WHERE run_id = ${record.runId}::uuid AND asset_key = ${record.assetKey} AND check_name = ${checkName}
      AND status = 'PLANNED' AND (${record.partition}::text IS NULL OR partition = ${record.partition}::text)`;
  if (updated > 0) return;
  await db.$executeRaw`
    INSERT INTO asset_check_executions (
      asset_key, check_name, partition, run_id, status, evaluation, evaluation_time, evaluation_event_id, materialization_event_id
    ) VALUES (
      ${record.assetKey}, ${checkName}, ${record.partition}, ${record.runId}::uuid, ${status}, ${evaluation}::jsonb,
      ${time}::timestamptz, ${eventId}::bigint, ${materializationId}::bigint
    )`;
}

/** True for the events {@link recordCheckExecutions} writes rows for. */
export function isCheckEvent(record: { type: string; assetKey?: string | null; runId?: string | null }): boolean {
  return (
    record.assetKey != null && record.runId != null &&
    (record.type === 'ASSET_CHECK_EVALUATION_PLANNED' || record.type === 'ASSET_CHECK_EVALUATION')
  );
}

/**
 * Writes the check executions of a stored batch: first every planned check (one insert),
 * then each evaluation in event order, so an evaluation finds a PLANNED row from the same
 * batch. Events whose check cannot be named are left out.
 */
export async function recordCheckExecutions(db: DbClient, records: readonly EventRecord[]): Promise<void> {
  const planned: { record: EventRecord; checkName: string }[] = [];
  const evaluated: { record: EventRecord; checkName: string }[] = [];
  for (const record of records) {
    if (!isCheckEvent(record)) continue;
    const checkName = checkNameOf(record);
    if (checkName === undefined) continue;
    (record.type === 'ASSET_CHECK_EVALUATION_PLANNED' ? planned : evaluated).push({ record, checkName });
  }
  await insertPlanned(db, planned);
  for (const { record, checkName } of evaluated) await recordEvaluation(db, record, checkName);
}
