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
import type { TransactionClient } from '../transaction.js';
import { isUuid } from '../uuid.js';
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
export class PrismaEventLogStore implements EventLogStore {
  constructor(private readonly prisma: PrismaClient) {}

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
