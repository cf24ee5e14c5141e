// Dynamic-partition changes made by steps (ENGINE_EVENTs with data.dynamicPartitionsRequest)
// are applied to dynamic_partitions in the transaction of their event batch.
import { randomUUID } from 'node:crypto';
import { useTestDatabase } from '@orrery/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPrismaClient, PrismaDynamicPartitionsStore, PrismaEventLogStore, PrismaRunStore, type PrismaClient } from '../src/index.js';

const database = useTestDatabase();
let prisma: PrismaClient;

beforeAll(() => {
  prisma = createPrismaClient({ url: database.url, poolSize: 2 });
});

afterAll(async () => {
  await prisma.$disconnect();
});

function request(runId: string, type: 'add' | 'delete', keys: string[]) {
  return {
    runId, type: 'ENGINE_EVENT' as const, stepKey: 'discover', message: `${type} keys`,
    data: { dynamicPartitionsRequest: { type, partitionsDefName: 'files', partitionKeys: keys } },
  };
}

it('adds and deletes keys in event order, together with the events that carry them', async () => {
  const run = await new PrismaRunStore(prisma).createRun({ runId: randomUUID(), jobName: 'discover_job' }, { type: 'RUN_ENQUEUED' });
  const events = new PrismaEventLogStore(prisma);
  const stored = await events.appendBatch([
    request(run.runId, 'add', ['a.csv', 'b.csv', 'c.csv']),
    { runId: run.runId, type: 'LOG_MESSAGE', message: 'unrelated' },
    request(run.runId, 'delete', ['b.csv']),
  ]);
  expect(stored).toHaveLength(3);
  expect(await new PrismaDynamicPartitionsStore(prisma).list('files')).toEqual(['a.csv', 'c.csv']);

  // An ENGINE_EVENT without a request, or with a malformed one, changes nothing.
  await events.appendBatch([
    { runId: run.runId, type: 'ENGINE_EVENT', message: 'other', data: { note: 'x' } },
    { runId: run.runId, type: 'ENGINE_EVENT', message: 'bad', data: { dynamicPartitionsRequest: { type: 'rename', partitionsDefName: 'files', partitionKeys: ['z'] } } },
  ]);
  expect(await new PrismaDynamicPartitionsStore(prisma).list('files')).toEqual(['a.csv', 'c.csv']);
});
