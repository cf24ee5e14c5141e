import type { EventRecord, NewEvent } from '@orrery/core';
import type { EventBatchStore } from './asset-key-pointers.js';

// The store travels with the writer through the library's one export line for both.
export type { EventBatchStore } from './asset-key-pointers.js';

/** Options of a {@link BatchingEventWriter}. */
export interface BatchingEventWriterOptions {
  /** Events per batch: a batch is written as soon as this many are buffered. Default 500. */
  maxBatchSize?: number;
  /** Longest wait, in ms, between the first buffered event and its batch's write. Default 5. */
  flushIntervalMs?: number;
  /** First back-off after a failed write, in ms; doubled per failure. Default 50. */
  retryInitialDelayMs?: number;
  /** Longest back-off between retries, in ms. Default 5000. */
  retryMaxDelayMs?: number;
  /**
   * Called after each stored batch with its records (storage ids), in batch order, before
   * the batch's `flush()` callers resume. An error it throws goes to `onError`; the batch
   * stays stored.
   */
  onStored?: (records: EventRecord[]) => void;
  /** Told of every failed write ({@link EventBatchWriteError}), onStored error and emit after close. */
  onError?: (error: Error) => void;
}

interface ResolvedOptions {
  maxBatchSize: number;
  flushIntervalMs: number;
  retryInitialDelayMs: number;
  retryMaxDelayMs: number;
  onStored: ((records: EventRecord[]) => void) | undefined;
  onError: ((error: Error) => void) | undefined;
}

/** A write of a batch failed; the batch stays buffered and is retried after `retryInMs`. */
export class EventBatchWriteError extends Error {
  override readonly name = 'EventBatchWriteError';
  constructor(
    readonly batchSize: number,
    /** Consecutive failures of this batch, from 1. */
    readonly attempt: number,
    readonly retryInMs: number,
    options: { cause: unknown },
  ) {
    super(`writing a batch of ${batchSize} events failed (attempt ${attempt}); retrying in ${retryInMs} ms`, options);
  }
}

/** An event emitted after `close()`: it is dropped. */
export class EventWriterClosedError extends Error {
  override readonly name = 'EventWriterClosedError';
  constructor(readonly event: NewEvent) {
    super(`event ${event.type} emitted after the event writer was closed: dropped`);
  }
}

/** A `flush()` caller: the events with sequence numbers in [from, to) and their records. */
interface FlushWaiter {
  from: number;
  to: number;
  records: EventRecord[];
  resolve: (records: EventRecord[]) => void;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer (got ${value})`);
  return value;
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a finite number ≥ 0 (got ${value})`);
  return value;
}

function resolveOptions(options: BatchingEventWriterOptions): ResolvedOptions {
  const retryInitialDelayMs = nonNegative('retryInitialDelayMs', options.retryInitialDelayMs ?? 50);
  return {
    maxBatchSize: positiveInteger('maxBatchSize', options.maxBatchSize ?? 500),
    flushIntervalMs: nonNegative('flushIntervalMs', options.flushIntervalMs ?? 5),
    retryInitialDelayMs,
    retryMaxDelayMs: Math.max(retryInitialDelayMs, nonNegative('retryMaxDelayMs', options.retryMaxDelayMs ?? 5000)),
    onStored: options.onStored,
    onError: options.onError,
  };
}

/**
 * The executor's EventSink onto `event_logs` (it matches the engine's `EventSink` by shape:
 * libs/db does not depend on the engine). `emit` is synchronous and never throws: it
 * buffers; a batch is written with ONE `appendBatch` call when `maxBatchSize` events are
 * pending or `flushIntervalMs` after the first of them, whichever comes first.
 *
 * Invariants:
 * - one write at a time, batches in emit order, so ids ascend in emit order;
 * - a batch leaves the buffer only once stored: a failed write (Postgres down) is retried
 *   with exponential back-off, forever, and events emitted meanwhile queue behind it;
 * - events are numbered by emit order; `stored` counts the stored prefix.
 */
export class BatchingEventWriter {
  private readonly options: ResolvedOptions;
  /** Events not yet stored; the first `inFlight` of them are being written. */
  private buffer: NewEvent[] = [];
  /** When each buffered event was emitted (epoch ms): leftovers' deadlines after a cut. */
  private emitTimes: number[] = [];
  private inFlight = 0;
  private emitted = 0;
  private stored = 0;
  /** Events numbered below this must be written without waiting for size or time. */
  private forcedUpTo = 0;
  /** The pending (not in-flight) events are due: size reached, interval elapsed or retry. */
  private due = false;
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private waiters: FlushWaiter[] = [];
  private closed = false;

  constructor(
    private readonly store: EventBatchStore,
    options: BatchingEventWriterOptions = {},
  ) {
    this.options = resolveOptions(options);
  }

  /** Buffers `event`. Never throws; after `close()` the event is dropped and `onError` told. */
  emit(event: NewEvent): void {
    if (this.closed) {
      this.report(new EventWriterClosedError(event));
      return;
    }
    // Stamp now: the event happened when emitted, not when its batch reaches Postgres
    // (which can be much later while a write is retried).
    const now = Date.now();
    this.buffer.push(event.timestamp ? event : { ...event, timestamp: new Date(now) });
    this.emitTimes.push(now);
    this.emitted += 1;
    const pending = this.buffer.length - this.inFlight;
    if (pending >= this.options.maxBatchSize) {
      this.due = true;
      this.clearTimer();
      this.kick();
    } else if (!this.due && this.timer === undefined) {
      this.startTimer(this.options.flushIntervalMs);
    }
  }

  /**
   * Writes every event emitted before this call (without waiting for size or time) and
   * resolves with their records once all are stored. While writes fail it keeps waiting.
   */
  async flush(): Promise<EventRecord[]> {
    const to = this.emitted;
    if (this.stored >= to) return [];
    this.forcedUpTo = Math.max(this.forcedUpTo, to);
    const done = new Promise<EventRecord[]>((resolve) => {
      this.waiters.push({ from: this.stored, to, records: [], resolve });
    });
    this.kick();
    return await done;
  }

  /** Stops accepting events, writes the buffered ones and stops the timer. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
    this.clearTimer();
  }

  /** Events emitted and not yet stored (including a batch being written). */
  get bufferedCount(): number {
    return this.buffer.length;
  }

  private kick(): void {
    if (this.draining) return;
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      // An emit() or flush() between the loop's last check and here found the loop still
      // running and did not start one: pick its work up now.
      if (this.shouldWrite()) this.kick();
    });
  }

  private shouldWrite(): boolean {
    return this.buffer.length > 0 && (this.due || this.stored < this.forcedUpTo);
  }

  private async drain(): Promise<void> {
    let failures = 0;
    while (this.shouldWrite()) {
      const batch = this.buffer.slice(0, this.options.maxBatchSize);
      this.inFlight = batch.length;
      const leftover = this.buffer.length - batch.length;
      if (leftover === 0) {
        // The batch took every pending event: the next one starts its own interval.
        this.due = false;
        this.clearTimer();
      } else {
        this.scheduleLeftover(batch.length, leftover);
      }
      let records: EventRecord[];
      try {
        records = await this.store.appendBatch(batch);
      } catch (error) {
        this.inFlight = 0;
        failures += 1;
        const delay = Math.min(this.options.retryMaxDelayMs, this.options.retryInitialDelayMs * 2 ** (failures - 1));
        this.report(new EventBatchWriteError(batch.length, failures, delay, { cause: error }));
        // The batch is still at the head of the buffer; retry it (and what queued behind it).
        this.due = true;
        this.clearTimer();
        await new Promise((resolve) => setTimeout(resolve, delay));
        continue;
      }
      failures = 0;
      this.buffer.splice(0, batch.length);
      this.emitTimes.splice(0, batch.length);
      this.inFlight = 0;
      const from = this.stored;
      this.stored += batch.length;
      this.publish(records);
      this.settleWaiters(from, records);
    }
  }

  /** Leftovers of a cut: due when a batch's worth, else at their first event's deadline. */
  private scheduleLeftover(first: number, leftover: number): void {
    this.clearTimer();
    const emittedAt = this.emitTimes[first] ?? 0;
    const remaining = emittedAt + this.options.flushIntervalMs - Date.now();
    this.due = leftover >= this.options.maxBatchSize || remaining <= 0;
    if (!this.due) this.startTimer(remaining);
  }

  private startTimer(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.due = true;
      this.kick();
    }, delayMs);
  }

  private publish(records: EventRecord[]): void {
    if (!this.options.onStored) return;
    try {
      this.options.onStored(records);
    } catch (error) {
      this.report(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Hands each waiter its share of the batch numbered [from, from + records.length). */
  private settleWaiters(from: number, records: EventRecord[]): void {
    const to = from + records.length;
    const waiting: FlushWaiter[] = [];
    for (const waiter of this.waiters) {
      const lo = Math.max(from, waiter.from);
      const hi = Math.min(to, waiter.to);
      // concat, not push(...): a spread of a very large batch would overflow the stack.
      if (hi > lo) waiter.records = waiter.records.concat(records.slice(lo - from, hi - from));
      if (this.stored >= waiter.to) waiter.resolve(waiter.records);
      else waiting.push(waiter);
    }
    this.waiters = waiting;
  }

  private clearTimer(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private report(error: Error): void {
    try {
      this.options.onError?.(error);
    } catch {
      // An error reporter that throws must not break emit() or the write loop.
    }
  }
}
