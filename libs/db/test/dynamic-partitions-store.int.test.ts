// PrismaDynamicPartitionsStore against real Postgres, and its lookup read by core's partitions code.
import { DynamicPartitionsDefinition, MissingDynamicPartitionsError } from '@orrery/core';
import { useTestDatabase } from '@orrery/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, PrismaDynamicPartitionsStore, type PrismaClient } from '../src/index.js';

const database = useTestDatabase();
let prisma: PrismaClient;
let store: PrismaDynamicPartitionsStore;

beforeAll(() => {
  prisma = createPrismaClient({ url: database.url, poolSize: 2 });
  store = new PrismaDynamicPartitionsStore(prisma);
});

afterAll(async () => {
  await prisma.$disconnect();
});

describe('PrismaDynamicPartitionsStore', () => {
  it('adds keys once each, keeping the order they were first added', async () => {
    expect(await store.add('customers', ['zeta', 'alpha', 'zeta'])).toBe(2);
    expect(await store.add('customers', ['alpha', 'mid'])).toBe(1);
    expect(await store.add('customers', [])).toBe(0);
    expect(await store.list('customers')).toEqual(['zeta', 'alpha', 'mid']);
    expect(await store.has('customers', 'mid')).toBe(true);
    expect(await store.has('customers', 'nope')).toBe(false);
    expect(await store.list('unknown')).toEqual([]);
  });

  it('keeps definitions apart and deletes only the named keys', async () => {
    await store.add('regions', ['eu', 'us', 'ap']);
    await store.add('stores', ['eu']);
    expect(await store.delete('regions', ['eu', 'missing'])).toBe(1);
    expect(await store.list('regions')).toEqual(['us', 'ap']);
    expect(await store.list('stores')).toEqual(['eu']);
  });

  it('gives core the keys through a DynamicPartitionKeysLookup', async () => {
    await store.add('files', ['b.csv', 'a.csv']);
    const files = new DynamicPartitionsDefinition('files');
    const now = new Date('2024-01-01T00:00:00Z');

    const all = await store.lookup();
    expect(files.allKeys({ now, dynamicPartitions: all })).toEqual(['b.csv', 'a.csv']);
    expect(all.get('never-added')).toEqual([]);

    const some = await store.lookup(['files', 'empty']);
    expect(some.get('files')).toEqual(['b.csv', 'a.csv']);
    expect(some.get('empty')).toEqual([]);
    expect(some.get('customers')).toBeUndefined();
    expect(() => new DynamicPartitionsDefinition('customers').allKeys({ now, dynamicPartitions: some })).toThrow(MissingDynamicPartitionsError);
  });
});
