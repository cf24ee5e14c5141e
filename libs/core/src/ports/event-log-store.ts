import type { EventType } from '../runs/event-type.js';
import type { EventId, EventRecord, NewEvent } from '../runs/records.js';

/** A page of a run's events, oldest first. */
export interface RunEventsQuery {
  /** Only events with a larger id (the cursor of the previous page). */
  after?: EventId | null;
  /** Maximum events, 1–10000. Default 1000. */
  limit?: number;
  /** Only these types. */
  types?: readonly EventType[];
}

/** Events across runs, by asset and/or type. At least one field must be set. */
export interface EventFilter {
  assetKey?: string;
  /** Only with `assetKey`. */
  partition?: string;
  types?: readonly EventType[];
}

/** Cursor window and order for {@link EventLogStore.readEvents}. */
export interface EventWindow {
  /** Only events with a larger id. */
  after?: EventId | null;
  /** Only events with a smaller id. */
  before?: EventId | null;
  /** Maximum events, 1–10000. Default 1000. */
  limit?: number;
  /** Newest first (e.g. "latest materialization"). Default false: oldest first. */
  descending?: boolean;
}

/**
 * The event log (Dagster's EventLogStorage). Ids grow with insertion, and reading "after
 * id N" is how every follower resumes. Caveat, as in Dagster: ids are assigned at insert,
 * so a transaction that commits late can make an id smaller than one already read appear
 * later; live followers should re-read a short window behind their cursor.
 */
export interface EventLogStore {
  /** Appends a batch atomically (one statement) and returns the ids in input order. */
  appendEvents(events: readonly NewEvent[]): Promise<EventId[]>;
  /** A run's events after a cursor, oldest first. */
  readRunEvents(runId: string, query?: RunEventsQuery): Promise<EventRecord[]>;
  /** Events by asset key (+ partition) and/or type, across runs. */
  readEvents(filter: EventFilter, window?: EventWindow): Promise<EventRecord[]>;
}
