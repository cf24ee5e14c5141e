import { EVENT_LEVELS, type EventId, type EventLevel, type EventRecord, type JsonObject, type NewEvent } from '@orrery/core';
import type { EventLog } from '../generated/prisma/client.js';
import type { DbClient } from '../transaction.js';

/** What `event_logs.body` holds besides the indexed columns. */
interface EventBody {
  level: EventLevel;
  message: string;
  data: JsonObject;
}

const levels: ReadonlySet<string> = new Set(EVENT_LEVELS);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Appends events in ONE statement whatever the batch size: each column travels as one
 * array parameter and `unnest … WITH ORDINALITY` turns them back into rows, so a batch is
 * atomic and costs one round trip. Ids come from the sequence in ORDER BY order, so sorting
 * the returned ids gives them in input order.
 */
export async function insertEvents(db: DbClient, events: readonly NewEvent[]): Promise<EventId[]> {
  if (events.length === 0) return [];
  const now = new Date();
  const runIds = events.map((event) => event.runId);
  const types = events.map((event) => event.type);
  const stepKeys = events.map((event) => event.stepKey ?? null);
  const assetKeys = events.map((event) => event.assetKey ?? null);
  const partitions = events.map((event) => event.partition ?? null);
  const timestamps = events.map((event) => (event.timestamp ?? now).toISOString());
  const bodies = events.map((event) =>
    JSON.stringify({ level: event.level ?? 'INFO', message: event.message ?? '', data: event.data ?? {} } satisfies EventBody),
  );
  const rows = await db.$queryRaw<{ id: bigint }[]>`
    INSERT INTO event_logs (run_id, event_type, step_key, asset_key, partition, timestamp, body)
    SELECT e.run_id, e.event_type::event_type, e.step_key, e.asset_key, e.partition, e.ts, e.body
    FROM unnest(
      ${runIds}::uuid[], ${types}::text[], ${stepKeys}::text[], ${assetKeys}::text[],
      ${partitions}::text[], ${timestamps}::timestamptz[], ${bodies}::jsonb[]
    ) WITH ORDINALITY AS e(run_id, event_type, step_key, asset_key, partition, ts, body, n)
    ORDER BY e.n
    RETURNING id`;
  return rows.map((row) => BigInt(row.id)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A stored row as core's EventRecord; a malformed body degrades to defaults, never throws. */
export function toEventRecord(row: EventLog): EventRecord {
  const body = isObject(row.body) ? row.body : {};
  return {
    id: row.id,
    runId: row.runId,
    type: row.eventType,
    timestamp: row.timestamp,
    level: typeof body.level === 'string' && levels.has(body.level) ? (body.level as EventLevel) : 'INFO',
    message: typeof body.message === 'string' ? body.message : '',
    stepKey: row.stepKey,
    assetKey: row.assetKey,
    partition: row.partition,
    data: isObject(body.data) ? (body.data as JsonObject) : {},
  };
}
