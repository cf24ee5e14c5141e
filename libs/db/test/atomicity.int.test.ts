// Postgres-specific guarantees of the stores that the shared contracts cannot express:
// a failing statement rolls back everything written with it.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPrismaClient,
  PrismaEventLogStore,
  PrismaRunStore,
  withTransaction,
  type PrismaClient,
} from '../src/index.js';
import { useTestDatabase } from '@orrery/testing';

const database = useTestDatabase();
let prisma: PrismaClient;
let runs: PrismaRunStore;
let events: PrismaEventLogStore;

beforeAll(() => {
  prisma = createPrismaClient({ url: database.url, poolSize: 4 });
  runs = new PrismaRunStore(prisma);
  events = new PrismaEventLogStore(prisma);
});
afterAll(async () => {
  await prisma.$disconnect();
});

// Postgres refuses NUL characters in text: an easy way to make the second statement fail.
const REFUSED_TEXT = 'bad\u0000key';

describe('Postgres store atomicity', () => {
  it('creates no run when its first event cannot be stored', async () => {
    const runId = randomUUID();
    await expect(
      runs.createRun({ runId, jobName: 'j', tags: { a: 'b' } }, { type: 'RUN_ENQUEUED', stepKey: REFUSED_TEXT }),
    ).rejects.toThrow();
    expect(await runs.getRun(runId)).toBeNull();
    expect(await prisma.runTag.count({ where: { runId } })).toBe(0);
  });

  it('stores none of a batch when one event is refused (unknown run id)', async () => {
    const run = await runs.createRun({ jobName: 'j' }, { type: 'RUN_ENQUEUED' });
    await expect(
      events.appendEvents([
        { runId: run.runId, type: 'LOG_MESSAGE', message: 'kept?' },
        { runId: randomUUID(), type: 'LOG_MESSAGE', message: 'orphan' },
      ]),
    ).rejects.toThrow();
    expect((await events.readRunEvents(run.runId)).map((event) => event.type)).toEqual(['RUN_ENQUEUED']);
  });

  it('joins a caller transaction: a rollback undoes the status change and its event', async () => {
    const run = await runs.createRun({ jobName: 'j' }, { type: 'RUN_ENQUEUED' });
    await expect(
      withTransaction(prisma, undefined, async (tx) => {
        const result = await runs.transitionStatus({ runId: run.runId, from: 'QUEUED', to: 'CANCELED' }, tx);
        expect(result.applied).toBe(true);
        expect((await runs.getRun(run.runId, tx))?.status).toBe('CANCELED');
        await events.appendEvents([{ runId: run.runId, type: 'ENGINE_EVENT' }], tx);
        throw new Error('caller changes its mind');
      }),
    ).rejects.toThrow('caller changes its mind');
    expect((await runs.getRun(run.runId))?.status).toBe('QUEUED');
    expect(await events.readRunEvents(run.runId)).toHaveLength(1);
  });

  it('commits several store calls together in one caller transaction', async () => {
    const runId = randomUUID();
    await withTransaction(prisma, undefined, async (tx) => {
      await runs.createRun({ runId, jobName: 'j' }, { type: 'RUN_ENQUEUED' }, tx);
      await runs.transitionStatus({ runId, from: 'QUEUED', to: 'STARTING', incrementAttempt: true }, tx);
    });
    expect((await runs.getRun(runId))?.status).toBe('STARTING');
    expect((await events.readRunEvents(runId)).map((event) => event.type)).toEqual(['RUN_ENQUEUED', 'RUN_STARTING']);
  });
});
