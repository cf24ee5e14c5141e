import type { EventRecord, JsonValue } from '@orrery/core';
import type { DbClient } from '../transaction.js';

// `asset_event_tags`: searchable key/value tags of asset materializations and observations,
// written with their events by PrismaEventLogStore.appendBatch.

/** Tag keys the store derives from an asset event's data (Dagster's `dagster/…` tags). */
export const ASSET_EVENT_TAG_KEYS = {
  /** `data.dataVersion`: the version of the data the event recorded. */
  dataVersion: 'orrery/data_version',
  /** `data.codeVersion`: the version of the code that produced it. */
  codeVersion: 'orrery/code_version',
} as const;

function isTagged(record: EventRecord): boolean {
  return record.assetKey !== null && (record.type === 'ASSET_MATERIALIZATION' || record.type === 'ASSET_OBSERVATION');
}

/** A tag value as text: strings as they are, numbers and booleans printed; anything else is no tag. */
function tagValue(value: JsonValue | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/**
 * The tags of one asset event: its data version and code version under the
 * {@link ASSET_EVENT_TAG_KEYS}, and each scalar entry of `data.tags` under its own key.
 * Events that are not asset materializations or observations have none.
 */
export function assetEventTags(record: EventRecord): [key: string, value: string][] {
  if (!isTagged(record)) return [];
  const tags: [string, string][] = [];
  const dataVersion = tagValue(record.data.dataVersion);
  if (dataVersion !== undefined) tags.push([ASSET_EVENT_TAG_KEYS.dataVersion, dataVersion]);
  const codeVersion = tagValue(record.data.codeVersion);
  if (codeVersion !== undefined) tags.push([ASSET_EVENT_TAG_KEYS.codeVersion, codeVersion]);
  const extra = record.data.tags;
  if (typeof extra === 'object' && extra !== null && !Array.isArray(extra)) {
    for (const [key, raw] of Object.entries(extra)) {
      const value = tagValue(raw);
      if (value !== undefined) tags.push([key, value]);
    }
  }
  return tags;
}

/** Inserts the tags of every asset event of a stored batch in ONE statement (arrays + unnest). */
export async function insertAssetEventTags(db: DbClient, records: readonly EventRecord[]): Promise<void> {
  const eventIds: string[] = [];
  const assetKeys: string[] = [];
  const keys: string[] = [];
  const values: string[] = [];
  const times: string[] = [];
  for (const record of records) {
    for (const [key, value] of assetEventTags(record)) {
      eventIds.push(record.id.toString());
      assetKeys.push(record.assetKey!);
      keys.push(key);
      values.push(value);
      times.push(record.timestamp.toISOString());
    }
  }
  if (eventIds.length === 0) return;
  await db.$executeRaw`
    INSERT INTO asset_event_tags (event_id, asset_key, key, value, event_time)
    SELECT * FROM unnest(${eventIds}::bigint[], ${assetKeys}::text[], ${keys}::text[], ${values}::text[], ${times}::timestamptz[])`;
}
