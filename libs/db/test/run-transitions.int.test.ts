// Races of PrismaRunStore.transitionStatus, which is one statement (see run-statements.ts):
// the fence, the event written only by the winner, and the run a loser reports.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, PrismaEventLogStore, PrismaRunStore, withTransaction, type PrismaClient } from '../src/index.js';
import { useTestDatabase } from '@orrery/testing';

const database = useTestDatabase();
let prisma: PrismaClient;
let runs: PrismaRunStore;
let events: PrismaEventLogStore;

beforeAll(() => {
  // Enough connections for every racer to hold its own: the race happens in Postgres.
  prisma = createPrismaClient({ url: database.url, poolSize: 24 });
  runs = new PrismaRunStore(prisma);
  events = new PrismaEventLogStore(prisma);
});
afterAll(async () => {
  await prisma.$disconnect();
});

/** A run at STARTING, attempt 1: what an executor claims. */
async function startingRun(): Promise<string> {
  const run = await runs.createRun({ jobName: 'race', tags: { team: 'data' } }, { type: 'RUN_ENQUEUED' });
  const starting = await runs.transitionStatus({ runId: run.runId, from: 'QUEUED', to: 'STARTING', incrementAttempt: true });
  expect(starting.applied).toBe(true);
  return run.runId;
}

/** Waits until some statement on `runs` waits for a row lock (another connection). */
async function untilSomeoneWaitsForALock(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const [row] = await prisma.$queryRaw<{ waiting: bigint | number }[]>`
      SELECT count(*) AS waiting FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%UPDATE runs SET%'`;
    if (Number(row?.waiting ?? 0) > 0) return;
    await sleep(10);
  }
  throw new Error('no transition ever waited for the row lock');
}

describe('PrismaRunStore.transitionStatus under concurrency', () => {
  it('applies exactly one of 20 concurrent identical fenced changes and writes one event', async () => {
    const runId = await startingRun();
    // Open every pooled connection first, so the racers' statements overlap in Postgres.
    await Promise.all(Array.from({ length: 20 }, () => prisma.$queryRaw`SELECT 1 AS one FROM pg_sleep(0.05)`));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        runs.transitionStatus({ runId, from: 'STARTING', to: 'STARTED', attempt: 1, event: { message: `claim ${i}`, data: { racer: i } } }),
      ),
    );
    const winners = results.filter((result) => result.applied);
    expect(winners).toHaveLength(1);
    expect(results.filter((result) => result.eventId !== null)).toHaveLength(1);
    // Losers report the run as the winner left it, not the row their snapshot saw.
    for (const result of results) expect(result.run).toMatchObject({ status: 'STARTED', attempt: 1, tags: { team: 'data' } });
    const started = await events.readRunEvents(runId, { types: ['RUN_START'] });
    expect(started).toHaveLength(1);
    const winner = winners[0]!;
    const racer = results.indexOf(winner);
    expect(started[0]).toMatchObject({ id: winner.eventId, level: 'INFO', message: `claim ${racer}`, data: { racer } });
    expect(await runs.getRun(runId)).toEqual(winner.run);
  });

  it('gives a change that loses to a concurrent commit the newest row (a claim that lost to a cancel)', async () => {
    const runId = await startingRun();
    let claim: ReturnType<PrismaRunStore['transitionStatus']> | undefined;
    await withTransaction(
      prisma,
      undefined,
      async (tx) => {
        const cancel = await runs.transitionStatus({ runId, from: 'STARTING', to: 'CANCELING' }, tx);
        expect(cancel.applied).toBe(true);
        // The claim's snapshot shows STARTING at attempt 1, which passes its fence; its UPDATE
        // waits for our row lock and, once we commit, re-checks and finds CANCELING.
        claim = runs.transitionStatus({ runId, from: 'STARTING', to: 'STARTED', attempt: 1 });
        await untilSomeoneWaitsForALock();
      },
      { timeoutMs: 10_000 },
    );
    expect(await claim).toMatchObject({ applied: false, eventId: null, run: { status: 'CANCELING', attempt: 1, tags: { team: 'data' } } });
    expect(await events.readRunEvents(runId, { types: ['RUN_START'] })).toHaveLength(0);
  });

  it('answers a change the run does not qualify for without waiting for a writer of the run', async () => {
    const runId = await startingRun();
    await withTransaction(
      prisma,
      undefined,
      async (tx) => {
        expect((await runs.transitionStatus({ runId, from: 'STARTING', to: 'CANCELING' }, tx)).applied).toBe(true);
        // Not STARTED in any version: answered from the statement's snapshot while our
        // change is still uncommitted, so it reports the committed STARTING.
        const stale = await runs.transitionStatus({ runId, from: 'STARTED', to: 'SUCCESS' });
        expect(stale).toMatchObject({ applied: false, eventId: null, run: { status: 'STARTING' } });
      },
      { timeoutMs: 10_000 },
    );
    expect((await runs.getRun(runId))?.status).toBe('CANCELING');
  });
});
