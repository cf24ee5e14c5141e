import type {
  EventFilter,
  EventId,
  EventLogStore,
  EventRecord,
  EventWindow,
  NewEvent,
  RunEventsQuery,
} from '@orrery/core';
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import type { DbClient, TransactionClient } from '../transaction.js';
import { applyDynamicPartitionsRequests, dynamicPartitionsRequestOf } from './dynamic-partition-requests.js';
import { isUuid } from '../uuid.js';
import { isCheckEvent, recordCheckExecutions } from './asset-check-executions.js';
import { insertAssetEventTags } from './asset-event-tags.js';
import { assetKeyPointers, toRecord, upsertAssetKeys, type EventBatchStore } from './asset-key-pointers.js';
import { insertEvents, toEventRecord } from './event-rows.js';

const DEFAULT_LIMIT = 1000;
const MAX_LIMIT = 10_000;

function pageSize(limit: number | undefined): number {
  const value = limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(value) || value < 1 || value > MAX_LIMIT) {
    throw new RangeError(`limit must be an integer from 1 to ${MAX_LIMIT} (got ${value})`);
  }
  return value;
}

function idWindow(after: EventId | null | undefined, before: EventId | null | undefined): Prisma.BigIntFilter | undefined {
  if (after == null && before == null) return undefined;
  return { ...(after != null && { gt: after }), ...(before != null && { lt: before }) };
}

/** EventLogStore on Postgres (`event_logs`). Methods take an optional transaction last. */
export class PrismaEventLogStore implements EventLogStore, EventBatchStore {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Appends a batch with its side tables (for the BatchingEventWriter): one `INSERT … SELECT FROM unnest`
   * into `event_logs` and, in the same transaction, for asset materializations and
   * observations one upsert of `asset_keys` and one insert of their `asset_event_tags`, and
   * for asset check events their `asset_check_executions` rows. A batch with none of these
   * opens no transaction (its single statement is atomic on its own).
   */
  async appendBatch(events: readonly NewEvent[]): Promise<EventRecord[]> {
    if (events.length === 0) return [];
    // Stamp missing timestamps here so the returned records carry what was stored.
    const now = new Date();
    const stamped = events.map((event) => (event.timestamp ? event : { ...event, timestamp: now }));
    const hasAssetEvents = stamped.some(
      (event) => event.assetKey != null && (event.type === 'ASSET_MATERIALIZATION' || event.type === 'ASSET_OBSERVATION'),
    );
    const hasCheckEvents = stamped.some(isCheckEvent);
    const hasPartitionRequests = stamped.some((event) => dynamicPartitionsRequestOf(event) !== undefined);
    const write = async (db: DbClient): Promise<EventRecord[]> => {
      const ids = await insertEvents(db, stamped);
      const records = stamped.map((event, index) => toRecord(event, ids[index] as bigint, event.timestamp ?? now));
      if (hasAssetEvents) {
        await upsertAssetKeys(db, assetKeyPointers(records));
        await insertAssetEventTags(db, records);
      }
      if (hasCheckEvents) await recordCheckExecutions(db, records);
      if (hasPartitionRequests) await applyDynamicPartitionsRequests(db, records);
      return records;
    };
    if (!hasAssetEvents && !hasCheckEvents && !hasPartitionRequests) return await write(this.prisma);
    return await this.prisma.$transaction(async (tx) => await write(tx));
  }

  async appendEvents(events: readonly NewEvent[], tx?: TransactionClient): Promise<EventId[]> {
    return await insertEvents(tx ?? this.prisma, events);
  }

  async readRunEvents(runId: string, query: RunEventsQuery = {}): Promise<EventRecord[]> {
    const take = pageSize(query.limit);
    // A malformed id matches nothing; Postgres would reject it as a uuid.
    if (!isUuid(runId)) return [];
    const rows = await this.prisma.eventLog.findMany({
      where: {
        runId,
        ...(query.after != null && { id: { gt: query.after } }),
        ...(query.types && { eventType: { in: [...query.types] } }),
      },
      orderBy: { id: 'asc' },
      take,
    });
    return rows.map(toEventRecord);
  }

  async readEvents(filter: EventFilter, window: EventWindow = {}): Promise<EventRecord[]> {
    if (filter.assetKey === undefined && filter.types === undefined) {
      throw new TypeError('readEvents needs an assetKey or types: scanning every event is not a query we serve');
    }
    if (filter.partition !== undefined && filter.assetKey === undefined) {
      throw new TypeError('readEvents: partition is only meaningful with an assetKey');
    }
    const take = pageSize(window.limit);
    const id = idWindow(window.after, window.before);
    const rows = await this.prisma.eventLog.findMany({
      where: {
        ...(filter.assetKey !== undefined && { assetKey: filter.assetKey }),
        ...(filter.partition !== undefined && { partition: filter.partition }),
        ...(filter.types && { eventType: { in: [...filter.types] } }),
        ...(id && { id }),
      },
      orderBy: { id: window.descending ? 'desc' : 'asc' },
      take,
    });
    return rows.map(toEventRecord);
  }
}
