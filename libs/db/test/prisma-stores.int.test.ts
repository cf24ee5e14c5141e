// Runs the shared store contracts (@orrery/testing) against the Postgres stores of @orrery/db.
import { afterAll } from 'vitest';
import { createPrismaClient, PrismaEventLogStore, PrismaRunStore, type PrismaClient } from '../src/index.js';
import { eventLogStoreContract, runStoreContract, useTestDatabase } from '@orrery/testing';

const database = useTestDatabase();
let prisma: PrismaClient | undefined;

function stores() {
  prisma ??= createPrismaClient({ url: database.url, poolSize: 4 });
  return { runs: new PrismaRunStore(prisma), events: new PrismaEventLogStore(prisma) };
}

afterAll(async () => {
  await prisma?.$disconnect();
});

runStoreContract('PrismaRunStore', stores);
eventLogStoreContract('PrismaEventLogStore', stores);
