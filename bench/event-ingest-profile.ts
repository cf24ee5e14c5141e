// CPU profile of event ingest (why issue 4's ≥ 50,000 events/s is missed): one writer,
// 200,000 events, profiled with the inspector around the ingest only, self time summed by
// where the code lives. Not a benchmark (run.ts skips it):
//   node --conditions=@orrery/source --import tsx bench/event-ingest-profile.ts
import { Session } from 'node:inspector/promises';
import { PrismaEventLogStore, PrismaRunStore, createPrismaClient } from '@orrery/db';
import { copyIn, ingest } from './event-ingest.bench.js';
import pg from 'pg';
import { eventMix } from './lib/event-mix.js';
import { withThrowawayDatabase } from './lib/throwaway-database.js';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string }; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

/** Where a frame's code lives, coarsely: what a fix would have to touch. */
function bucket(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (functionName === '(idle)') return 'idle (waiting for Postgres)';
  if (functionName === '(garbage collector)') return 'garbage collector';
  if (functionName === '(program)') return 'V8/native (program)';
  if (url.includes('/libs/db/src/generated/') || url.includes('@prisma/client') || url.includes('@prisma/client-runtime') || url.includes('/@prisma/')) return 'Prisma client + driver adapter';
  if (url.includes('/node_modules/pg') || url.includes('/pg-protocol/') || url.includes('/pg-types/')) return 'pg driver';
  if (url.includes('/libs/db/src/')) return 'libs/db (writer, appendBatch, insertEvents)';
  if (url.includes('/bench/')) return 'benchmark (emit loop)';
  if (url.startsWith('node:') || url === '') return 'Node internals (sockets, streams, JSON)';
  return `other: ${url.replace(/.*node_modules\//, '').split('/')[0]}`;
}

await withThrowawayDatabase({ migrated: true }, async (database) => {
  const prisma = createPrismaClient({ url: database.url });
  try {
    const runs = new PrismaRunStore(prisma);
    const runIds: string[] = [];
    for (let i = 0; i < 50; i++) runIds.push((await runs.createRun({ jobName: 'bench_ingest', status: 'NOT_STARTED' })).runId);
    const events = eventMix(runIds, 200_000);
    const store = new PrismaEventLogStore(prisma);
    await ingest(store, events, 1, {}); // warm-up
    await prisma.$executeRawUnsafe('TRUNCATE event_logs, asset_event_tags, asset_keys');
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    const started = performance.now();
    await ingest(store, events, 1, {});
    const wallMs = performance.now() - started;
    const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
    session.disconnect();
    // The limit's share: the same rows by COPY into event_logs, and into a copy of it with
    // only the primary key (no secondary indexes, no run_id foreign key).
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const copyMs: Record<string, number> = {};
    try {
      await client.query('CREATE TABLE event_logs_bare (LIKE event_logs INCLUDING DEFAULTS); ALTER TABLE event_logs_bare ADD PRIMARY KEY (id)');
      for (const table of ['event_logs', 'event_logs_bare', 'event_logs', 'event_logs_bare']) {
        await client.query(`TRUNCATE ${table === 'event_logs' ? 'event_logs, asset_event_tags, asset_keys' : table}`);
        const began = performance.now();
        await copyIn(client, events, table);
        copyMs[table] = Math.min(copyMs[table] ?? Infinity, performance.now() - began);
      }
    } finally {
      await client.end();
    }
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const totals = new Map<string, number>();
    let total = 0;
    profile.samples.forEach((id, i) => {
      const delta = profile.timeDeltas[i] ?? 0;
      const key = bucket(byId.get(id)!);
      totals.set(key, (totals.get(key) ?? 0) + delta);
      total += delta;
    });
    console.log(`1 writer, 200,000 events: ${wallMs.toFixed(0)} ms wall, ${Math.round(200_000 / (wallMs / 1000))} events/s`);
    for (const [table, elapsed] of Object.entries(copyMs)) console.log(`COPY into ${table}: ${Math.round(200_000 / (elapsed / 1000))} events/s (best of 2)`);
    console.log('| where | self time | share |');
    console.log('|---|---|---|');
    for (const [key, micros] of [...totals].sort((a, b) => b[1] - a[1])) {
      console.log(`| ${key} | ${(micros / 1000).toFixed(0)} ms | ${((100 * micros) / total).toFixed(1)}% |`);
    }
  } finally {
    await prisma.$disconnect();
  }
});
