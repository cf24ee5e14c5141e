// Runs the shared store contracts against the Postgres stores of @orrery/db.
// They run here rather than in libs/db/test: @orrery/testing depends on @orrery/db, so a
// db test importing testing would make the nx task graph circular.
import { afterAll } from 'vitest';
import { createPrismaClient, PrismaEventLogStore, PrismaRunStore, type PrismaClient } from '@orrery/db';
import { useTestDatabase } from '../src/database.js';
import { eventLogStoreContract } from '../src/suites/event-log-store-suite.js';
import { runStoreContract } from '../src/suites/run-store-suite.js';

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
