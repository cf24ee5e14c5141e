import type { EventRecord, NewEvent } from '@orrery/core';
import type { DbClient } from '../transaction.js';

// Events written together with their side tables (`asset_keys` so far), used by
// PrismaEventLogStore.appendBatch.

/**
 * Where {@link BatchingEventWriter} stores a batch: one call per batch, atomic (all events
 * and their side-table rows, or nothing), records returned in input order with their ids.
 */
export interface EventBatchStore {
  appendBatch(events: readonly NewEvent[]): Promise<EventRecord[]>;
}

/** The latest asset events of one asset key within a batch (what `asset_keys` points to). */
interface AssetKeyPointers {
  materialization: EventRecord | null;
  observation: EventRecord | null;
}

/** The record as stored: the same defaults as `insertEvents`, so no read-back is needed. */
export function toRecord(event: NewEvent, id: bigint, timestamp: Date): EventRecord {
  return {
    id,
    runId: event.runId,
    type: event.type,
    timestamp,
    level: event.level ?? 'INFO',
    message: event.message ?? '',
    stepKey: event.stepKey ?? null,
    assetKey: event.assetKey ?? null,
    partition: event.partition ?? null,
    data: event.data ?? {},
  };
}

/** The last materialization and observation per asset key; records are in id order. */
export function assetKeyPointers(records: readonly EventRecord[]): Map<string, AssetKeyPointers> {
  const pointers = new Map<string, AssetKeyPointers>();
  for (const record of records) {
    if (record.assetKey === null) continue;
    if (record.type !== 'ASSET_MATERIALIZATION' && record.type !== 'ASSET_OBSERVATION') continue;
    const entry = pointers.get(record.assetKey) ?? { materialization: null, observation: null };
    if (record.type === 'ASSET_MATERIALIZATION') entry.materialization = record;
    else entry.observation = record;
    pointers.set(record.assetKey, entry);
  }
  return pointers;
}

/**
 * Upserts `asset_keys` for the batch's distinct keys in ONE statement (arrays + unnest).
 * A pointer only moves forward (a higher event id), so a concurrent writer that commits
 * older ids later (e.g. the api recording an external observation) never rewinds it;
 * a null in the batch (no such event for that key) keeps the stored value.
 */
export async function upsertAssetKeys(db: DbClient, pointers: Map<string, AssetKeyPointers>): Promise<void> {
  if (pointers.size === 0) return;
  const keys: string[] = [];
  const materializationIds: (string | null)[] = [];
  const materializationTimes: (string | null)[] = [];
  const observationIds: (string | null)[] = [];
  const observationTimes: (string | null)[] = [];
  const runIds: (string | null)[] = [];
  for (const [key, { materialization, observation }] of pointers) {
    keys.push(key);
    // Ids travel as decimal text: a bigint[] parameter is cast server-side, exact past 2^53.
    materializationIds.push(materialization ? materialization.id.toString() : null);
    materializationTimes.push(materialization ? materialization.timestamp.toISOString() : null);
    observationIds.push(observation ? observation.id.toString() : null);
    observationTimes.push(observation ? observation.timestamp.toISOString() : null);
    runIds.push(materialization?.runId ?? null);
  }
  await db.$executeRaw`
    INSERT INTO asset_keys AS a (
      asset_key, last_materialization_event_id, last_materialization_time,
      last_observation_event_id, last_observation_time, last_run_id, update_time
    )
    SELECT k.asset_key, k.mat_id, k.mat_time, k.obs_id, k.obs_time, k.run_id, now()
    FROM unnest(
      ${keys}::text[], ${materializationIds}::bigint[], ${materializationTimes}::timestamptz[],
      ${observationIds}::bigint[], ${observationTimes}::timestamptz[], ${runIds}::uuid[]
    ) AS k(asset_key, mat_id, mat_time, obs_id, obs_time, run_id)
    ON CONFLICT (asset_key) DO UPDATE SET
      last_materialization_time = CASE
        WHEN EXCLUDED.last_materialization_event_id > COALESCE(a.last_materialization_event_id, -1)
        THEN EXCLUDED.last_materialization_time ELSE a.last_materialization_time END,
      last_run_id = CASE
        WHEN EXCLUDED.last_materialization_event_id > COALESCE(a.last_materialization_event_id, -1)
          AND EXCLUDED.last_run_id IS NOT NULL
        THEN EXCLUDED.last_run_id ELSE a.last_run_id END,
      last_materialization_event_id = GREATEST(a.last_materialization_event_id, EXCLUDED.last_materialization_event_id),
      last_observation_time = CASE
        WHEN EXCLUDED.last_observation_event_id > COALESCE(a.last_observation_event_id, -1)
        THEN EXCLUDED.last_observation_time ELSE a.last_observation_time END,
      last_observation_event_id = GREATEST(a.last_observation_event_id, EXCLUDED.last_observation_event_id),
      update_time = now()`;
}
