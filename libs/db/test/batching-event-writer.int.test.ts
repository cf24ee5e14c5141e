// BatchingEventWriter against real Postgres: batching triggers, order, asset_keys, retries.
import type { EventRecord, NewEvent } from '@orrery/core';
import { useTestDatabase } from '@orrery/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  BatchingEventWriter,
  createPrismaClient,
  EventBatchWriteError,
  EventWriterClosedError,
  PrismaEventLogStore,
  PrismaRunStore,
  type BatchingEventWriterOptions,
  type PrismaClient,
} from '../src/index.js';

const database = useTestDatabase();
let prisma: PrismaClient;
let runId: string;

/** The real store, counting its calls (one per batch) and the size of each. */
class CountingStore extends PrismaEventLogStore {
  readonly batchSizes: number[] = [];

  override async appendBatch(events: readonly NewEvent[]): Promise<EventRecord[]> {
    this.batchSizes.push(events.length);
    return await super.appendBatch(events);
  }
}

/** Fails its first `failures` calls as Postgres being down would, then writes for real. */
class FlakyStore extends CountingStore {
  constructor(
    client: PrismaClient,
    private failures: number,
  ) {
    super(client);
  }

  override async appendBatch(events: readonly NewEvent[]): Promise<EventRecord[]> {
    if (this.failures > 0) {
      this.failures -= 1;
      this.batchSizes.push(events.length);
      throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    }
    return await super.appendBatch(events);
  }
}

function logEvent(index: number): NewEvent {
  return { runId, type: 'LOG_MESSAGE', message: `line ${index}`, data: { index } };
}

async function messagesOfRun(id: string): Promise<string[]> {
  const rows = await prisma.eventLog.findMany({ where: { runId: id, eventType: { not: 'RUN_ENQUEUED' } }, orderBy: { id: 'asc' }, select: { body: true } });
  return rows.map((row) => String((row.body as { message?: unknown }).message));
}

function writer(store: CountingStore, options: BatchingEventWriterOptions = {}): BatchingEventWriter {
  return new BatchingEventWriter(store, options);
}

beforeAll(() => {
  prisma = createPrismaClient({ url: database.url, poolSize: 4 });
});

afterAll(async () => {
  await prisma.$disconnect();
});

/** Each test writes into its own run (its RUN_ENQUEUED aside), so reading one run's rows isolates the tests. */
async function newRun(): Promise<string> {
  const run = await new PrismaRunStore(prisma).createRun({ jobName: 'batching' }, { type: 'RUN_ENQUEUED' });
  return run.runId;
}

describe('BatchingEventWriter', () => {
  it('writes a batch with one call as soon as maxBatchSize events are pending', async () => {
    runId = await newRun();
    const store = new CountingStore(prisma);
    const stored: EventRecord[][] = [];
    const sink = writer(store, { maxBatchSize: 10, flushIntervalMs: 60_000, onStored: (records) => stored.push(records) });
    for (let i = 0; i < 25; i += 1) sink.emit(logEvent(i));

    await vi.waitFor(() => expect(stored).toHaveLength(2));
    // Two full batches; the 5 left wait for their (one-minute) interval.
    expect(store.batchSizes).toEqual([10, 10]);
    expect(sink.bufferedCount).toBe(5);
    expect(await messagesOfRun(runId)).toHaveLength(20);

    const flushed = await sink.flush();
    expect(store.batchSizes).toEqual([10, 10, 5]);
    expect(flushed.map((record) => record.message)).toEqual(['line 20', 'line 21', 'line 22', 'line 23', 'line 24']);
    await sink.close();
  });

  it('writes a partial batch flushIntervalMs after its first event, in one call', async () => {
    runId = await newRun();
    const store = new CountingStore(prisma);
    const stored: EventRecord[][] = [];
    const sink = writer(store, { maxBatchSize: 500, flushIntervalMs: 30, onStored: (records) => stored.push(records) });
    const started = Date.now();
    for (let i = 0; i < 3; i += 1) sink.emit(logEvent(i));
    expect(store.batchSizes).toEqual([]);

    await vi.waitFor(() => expect(stored).toHaveLength(1));
    expect(Date.now() - started).toBeGreaterThanOrEqual(29);
    expect(store.batchSizes).toEqual([3]);
    expect(stored[0]?.map((record) => record.message)).toEqual(['line 0', 'line 1', 'line 2']);
    expect(await messagesOfRun(runId)).toEqual(['line 0', 'line 1', 'line 2']);
    await sink.close();
  });

  it('keeps emit order across batches: 2,000 events, ids ascending, onStored in order', async () => {
    runId = await newRun();
    const store = new CountingStore(prisma);
    const published: EventRecord[] = [];
    const sink = writer(store, { maxBatchSize: 500, onStored: (records) => published.push(...records) });
    // Emitted from several ticks so that batches are cut both by size and while a write runs.
    for (let i = 0; i < 2000; i += 1) {
      sink.emit(logEvent(i));
      if (i % 300 === 299) await new Promise((resolve) => setImmediate(resolve));
    }
    const flushed = await sink.flush();
    await sink.close();

    const expected = Array.from({ length: 2000 }, (_, i) => `line ${i}`);
    expect(store.batchSizes.reduce((sum, size) => sum + size, 0)).toBe(2000);
    expect(Math.max(...store.batchSizes)).toBeLessThanOrEqual(500);
    expect(published.map((record) => record.message)).toEqual(expected);
    for (let i = 1; i < published.length; i += 1) {
      expect((published[i] as EventRecord).id > (published[i - 1] as EventRecord).id).toBe(true);
    }
    expect(await messagesOfRun(runId)).toEqual(expected);
    // flush() returns the records of every event not yet stored when it was called.
    expect(flushed.length).toBeGreaterThan(0);
    expect(flushed.map((record) => record.id)).toEqual(published.slice(2000 - flushed.length).map((record) => record.id));
    // The records handed out are what the event log reads back.
    const read = await new PrismaEventLogStore(prisma).readRunEvents(runId, { limit: 2000, types: ['LOG_MESSAGE'] });
    expect(read.map((record) => record.id)).toEqual(published.map((record) => record.id));
    expect(read[7]).toEqual(published[7]);
  });

  it('keeps asset_keys pointing at the last materialization and observation of each key', async () => {
    runId = await newRun();
    const store = new CountingStore(prisma);
    const sink = writer(store, { maxBatchSize: 500, flushIntervalMs: 60_000 });
    const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second));
    sink.emit({ runId, type: 'ASSET_MATERIALIZATION', assetKey: 'raw/orders', timestamp: at(1) });
    sink.emit({ runId, type: 'ASSET_OBSERVATION', assetKey: 'raw/orders', timestamp: at(2) });
    sink.emit({ runId, type: 'ASSET_MATERIALIZATION', assetKey: 'raw/orders', timestamp: at(3) });
    sink.emit({ runId: null, type: 'ASSET_OBSERVATION', assetKey: 'ext/feed', timestamp: at(4) });
    sink.emit({ runId, type: 'ASSET_FAILED_TO_MATERIALIZE', assetKey: 'never/made', timestamp: at(5) });
    const first = await sink.flush();
    expect(store.batchSizes).toEqual([5]);

    const rows = await prisma.assetKey.findMany({ orderBy: { assetKey: 'asc' } });
    expect(rows.map((row) => row.assetKey)).toEqual(['ext/feed', 'raw/orders']);
    const [feed, orders] = rows;
    expect(orders?.lastMaterializationEventId).toBe(first[2]?.id);
    expect(orders?.lastMaterializationTime).toEqual(at(3));
    expect(orders?.lastObservationEventId).toBe(first[1]?.id);
    expect(orders?.lastObservationTime).toEqual(at(2));
    expect(orders?.lastRunId).toBe(runId);
    expect(feed?.lastObservationEventId).toBe(first[3]?.id);
    expect(feed?.lastMaterializationEventId).toBeNull();
    expect(feed?.lastRunId).toBeNull();

    // A later batch moves only the pointers it has events for.
    sink.emit({ runId, type: 'ASSET_MATERIALIZATION', assetKey: 'ext/feed', timestamp: at(6) });
    sink.emit({ runId, type: 'ASSET_OBSERVATION', assetKey: 'raw/orders', timestamp: at(7) });
    const second = await sink.flush();
    await sink.close();
    const after = new Map((await prisma.assetKey.findMany()).map((row) => [row.assetKey, row]));
    expect(after.get('ext/feed')?.lastMaterializationEventId).toBe(second[0]?.id);
    expect(after.get('ext/feed')?.lastObservationEventId).toBe(first[3]?.id);
    expect(after.get('raw/orders')?.lastMaterializationEventId).toBe(first[2]?.id);
    expect(after.get('raw/orders')?.lastObservationEventId).toBe(second[1]?.id);
    expect(after.get('raw/orders')?.lastObservationTime).toEqual(at(7));
  });

  it('retries a failed write with back-off, keeps the batch buffered, never throws from emit', async () => {
    runId = await newRun();
    const store = new FlakyStore(prisma, 2);
    const errors: Error[] = [];
    const published: EventRecord[] = [];
    const sink = writer(store, {
      maxBatchSize: 4,
      flushIntervalMs: 1,
      retryInitialDelayMs: 100,
      onError: (error) => errors.push(error),
      onStored: (records) => published.push(...records),
    });
    for (let i = 0; i < 3; i += 1) sink.emit(logEvent(i));
    await vi.waitFor(() => expect(errors).toHaveLength(1), { interval: 5 });
    expect(sink.bufferedCount).toBe(3);
    // Emitted while Postgres is "down": queued behind the failed batch.
    for (let i = 3; i < 6; i += 1) sink.emit(logEvent(i));
    await sink.flush();
    await sink.close();

    expect(errors).toHaveLength(2);
    expect(errors[0]).toBeInstanceOf(EventBatchWriteError);
    expect((errors[0] as EventBatchWriteError).cause).toBeInstanceOf(Error);
    expect((errors[1] as EventBatchWriteError).attempt).toBe(2);
    expect((errors[1] as EventBatchWriteError).retryInMs).toBe(200);
    // The first batch failed at 3 events; its retry took what queued behind it (maxBatchSize 4),
    // failed again, then was stored, and the overdue rest followed at once.
    expect(store.batchSizes).toEqual([3, 4, 4, 2]);
    const expected = ['line 0', 'line 1', 'line 2', 'line 3', 'line 4', 'line 5'];
    expect(published.map((record) => record.message)).toEqual(expected);
    expect(await messagesOfRun(runId)).toEqual(expected);
  });

  it('flush() on an idle writer resolves [] and close() stops the timer and refuses new events', async () => {
    runId = await newRun();
    const store = new CountingStore(prisma);
    const errors: Error[] = [];
    const sink = writer(store, { flushIntervalMs: 20, onError: (error) => errors.push(error) });
    expect(await sink.flush()).toEqual([]);
    expect(store.batchSizes).toEqual([]);

    sink.emit(logEvent(0));
    sink.emit(logEvent(1));
    await sink.close();
    // close() wrote the buffered events at once, not after the interval, in one call.
    expect(store.batchSizes).toEqual([2]);
    expect(await messagesOfRun(runId)).toEqual(['line 0', 'line 1']);

    expect(() => sink.emit(logEvent(2))).not.toThrow();
    expect(errors[0]).toBeInstanceOf(EventWriterClosedError);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(store.batchSizes).toEqual([2]);
    expect(sink.bufferedCount).toBe(0);
    expect(await messagesOfRun(runId)).toEqual(['line 0', 'line 1']);
  });

  it('flush() waits for a batch already being written and returns its records', async () => {
    runId = await newRun();
    const store = new CountingStore(prisma);
    const sink = writer(store, { maxBatchSize: 2, flushIntervalMs: 60_000 });
    sink.emit(logEvent(0));
    sink.emit(logEvent(1)); // size reached: the write starts now
    sink.emit(logEvent(2));
    expect(store.batchSizes).toEqual([2]);
    const flushed = await sink.flush();
    expect(flushed.map((record) => record.message)).toEqual(['line 0', 'line 1', 'line 2']);
    expect(store.batchSizes).toEqual([2, 1]);
    await sink.close();
  });

  it('rejects invalid options when built', () => {
    const store = new CountingStore(prisma);
    expect(() => writer(store, { maxBatchSize: 0 })).toThrow(RangeError);
    expect(() => writer(store, { flushIntervalMs: -1 })).toThrow(RangeError);
  });
});
