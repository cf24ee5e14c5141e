// Event ingest into `event_logs` (issue 4, goal ≥ 50,000 events/s): 200,000 events of a
// realistic mix through the executor's BatchingEventWriter (over
// PrismaEventLogStore.appendBatch), side by side with a raw `COPY event_logs FROM STDIN`
// of the same rows — the physical limit — in a throwaway migrated database.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { NewEvent } from '@orrery/core';
import { BatchingEventWriter, PrismaEventLogStore, PrismaRunStore, createPrismaClient, type BatchingEventWriterOptions, type EventBatchStore } from '@orrery/db';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { eventMix } from './lib/event-mix.js';
import { measure, type ResultRow } from './lib/measure.js';
import { withThrowawayDatabase } from './lib/throwaway-database.js';

const EVENTS = 200_000;
const RUNS = 50;
const GOAL = 50_000;
const options = { iterations: 3, warmup: 1 };

/** Time spent inside appendBatch (the SQL round trip and Prisma's work), summed over batches. */
class TimedStore implements EventBatchStore {
  insideMs = 0;
  batches = 0;
  constructor(private readonly store: EventBatchStore) {}
  async appendBatch(events: readonly NewEvent[]) {
    const started = performance.now();
    try {
      return await this.store.appendBatch(events);
    } finally {
      this.insideMs += performance.now() - started;
      this.batches += 1;
    }
  }
}

/**
 * Emits `events` as an engine does — synchronously, yielding to the event loop every 500
 * events so writes overlap emits — through `writers` writers in parallel (one per run, as
 * the executor has one per run), and resolves when every event is stored.
 */
export async function ingest(store: EventBatchStore, events: readonly NewEvent[], writers: number, writerOptions: BatchingEventWriterOptions): Promise<void> {
  const share = Math.ceil(events.length / writers);
  await Promise.all(Array.from({ length: writers }, async (_, w) => {
    const writer = new BatchingEventWriter(store, { ...writerOptions, onError: (error) => { throw error; } });
    const mine = events.slice(w * share, (w + 1) * share);
    for (let i = 0; i < mine.length; i++) {
      writer.emit(mine[i]!);
      if (i % 500 === 499) await yieldToLoop();
    }
    await writer.close();
  }));
}

/** A COPY text-format field: backslash, tab, newline and carriage return escaped; null as \N. */
function copyField(value: string | null | undefined): string {
  if (value == null) return '\\N';
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** The rows `insertEvents` would write (same columns and body), as COPY text, 1,000 rows a chunk. */
function* copyChunks(events: readonly NewEvent[], now: Date): Generator<string> {
  for (let start = 0; start < events.length; start += 1000) {
    let chunk = '';
    for (const event of events.slice(start, start + 1000)) {
      const body = JSON.stringify({ level: event.level ?? 'INFO', message: event.message ?? '', data: event.data ?? {} });
      chunk += `${copyField(event.runId)}\t${event.type}\t${copyField(event.stepKey)}\t${copyField(event.assetKey)}\t${copyField(event.partition)}\t${(event.timestamp ?? now).toISOString()}\t${copyField(body)}\n`;
    }
    yield chunk;
  }
}

export async function copyIn(client: pg.Client, events: readonly NewEvent[], table = 'event_logs'): Promise<void> {
  const stream = client.query(copyFrom(`COPY ${table} (run_id, event_type, step_key, asset_key, partition, timestamp, body) FROM STDIN`));
  await pipeline(Readable.from(copyChunks(events, new Date())), stream);
}

const perSecond = (count: number, ms: number) => Math.round(count / (ms / 1000));
const fmt = (value: number) => `${value.toLocaleString('en-US')} events/s`;

export async function run(): Promise<ResultRow[]> {
  return await withThrowawayDatabase({ migrated: true }, async (database) => {
    const prisma = createPrismaClient({ url: database.url, poolSize: 10, applicationName: 'bench-event-ingest' });
    const copyClient = new pg.Client({ connectionString: database.url });
    await copyClient.connect();
    try {
      const runs = new PrismaRunStore(prisma);
      const runIds: string[] = [];
      for (let i = 0; i < RUNS; i++) runIds.push((await runs.createRun({ jobName: 'bench_ingest', status: 'NOT_STARTED' })).runId);
      const events = eventMix(runIds, EVENTS);
      const truncate = () => copyClient.query('TRUNCATE event_logs, asset_event_tags, asset_keys RESTART IDENTITY');
      const stored = async () => Number((await copyClient.query<{ n: string }>('SELECT count(*) AS n FROM event_logs')).rows[0]!.n);

      const rows: ResultRow[] = [];
      const cases: { label: string; writers: number; writerOptions: BatchingEventWriterOptions }[] = [
        { label: '1 writer, defaults (batches of 500, 5 ms)', writers: 1, writerOptions: {} },
        { label: '4 writers in parallel (4 runs), defaults', writers: 4, writerOptions: {} },
        { label: '1 writer, maxBatchSize 5,000', writers: 1, writerOptions: { maxBatchSize: 5000 } },
      ];
      const store = new TimedStore(new PrismaEventLogStore(prisma));
      let copyRate = 0;
      const copy = await measure('copy', () => copyIn(copyClient, events), { ...options, before: truncate });
      if ((await stored()) !== EVENTS) throw new Error('COPY stored a different number of rows');
      copyRate = perSecond(EVENTS, copy.median);
      for (const { label, writers, writerOptions } of cases) {
        store.insideMs = 0;
        store.batches = 0;
        let wallMs = 0;
        let cpuMicros = 0;
        const result = await measure(label, async () => {
          const [wall, cpu] = [performance.now(), process.cpuUsage()];
          await ingest(store, events, writers, writerOptions);
          const used = process.cpuUsage(cpu);
          wallMs += performance.now() - wall;
          cpuMicros += used.user + used.system;
        }, { ...options, before: truncate });
        if ((await stored()) !== EVENTS) throw new Error(`${label}: stored a different number of rows`);
        const rate = perSecond(EVENTS, result.median);
        const runsMeasured = options.iterations + options.warmup;
        const insidePerRun = store.insideMs / runsMeasured;
        rows.push({
          benchmark: `event ingest, BatchingEventWriter → appendBatch, ${label}: ${EVENTS.toLocaleString('en-US')} events; ` +
            `${(rate / copyRate).toFixed(2)}× COPY; ${(store.batches / runsMeasured).toFixed(0)} batches, ` +
            `${(insidePerRun / (store.batches / runsMeasured)).toFixed(1)} ms per appendBatch call, ` +
            `${Math.round((100 * store.insideMs) / wallMs)}% of wall time inside appendBatch, Node CPU ${Math.round(cpuMicros / 10 / wallMs)}% of one core`,
          figure: fmt(rate), goal: `≥ ${fmt(GOAL)}`, met: rate >= GOAL,
        });
      }
      rows.push({
        benchmark: `event ingest, raw COPY event_logs FROM STDIN (pg-copy-streams), same ${EVENTS.toLocaleString('en-US')} rows: the physical limit`,
        figure: fmt(copyRate), goal: '—', met: null,
      });
      return rows;
    } finally {
      await copyClient.end();
      await prisma.$disconnect();
    }
  });
}
