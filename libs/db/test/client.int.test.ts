import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDatabase, createPrismaClient } from '../src/index.js';
import { adminQuery, useTestDatabase, withDatabase } from '@orrery/testing';

const database = useTestDatabase({ migrated: false });

describe('checkDatabase', () => {
  // A TCP server that accepts connections and never answers: what a hung Postgres (or a
  // black-holed network) looks like to a client.
  let silent: Server;
  const sockets = new Set<Socket>();
  let silentPort = 0;
  beforeAll(async () => {
    silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('is true for a live database', async () => {
    const prisma = createPrismaClient({ url: database.url, poolSize: 1 });
    try {
      expect(await checkDatabase(prisma, 5000)).toBe(true);
    } finally {
      await prisma.$disconnect();
    }
  });

  it('is false, within the timeout, for a server that never answers', async () => {
    const prisma = createPrismaClient({ url: `postgresql://postgres@127.0.0.1:${silentPort}/x`, poolSize: 1, connectTimeoutMs: 20_000 });
    const started = Date.now();
    expect(await checkDatabase(prisma, 300)).toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
    for (const socket of sockets) socket.destroy();
    await prisma.$disconnect().catch(() => undefined);
  });

  it('is false for a database that does not exist', async () => {
    const prisma = createPrismaClient({ url: withDatabase(database.url, 'orrery_no_such_db'), poolSize: 1 });
    expect(await checkDatabase(prisma, 5000)).toBe(false);
    await prisma.$disconnect();
  });
});

describe('createPrismaClient', () => {
  it('survives its idle connections being killed, reports them, and reconnects', async () => {
    const errors: Error[] = [];
    const applicationName = `orrery_test_${process.pid}_${Date.now()}`;
    const prisma = createPrismaClient({ url: database.url, poolSize: 2, applicationName, onError: (error) => errors.push(error) });
    try {
      expect(await checkDatabase(prisma, 5000)).toBe(true);
      // What a Postgres restart does to a pool: the server ends every session.
      const killed = await adminQuery('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [
        applicationName,
      ]);
      expect(killed.rowCount).toBeGreaterThan(0);
      await expect.poll(() => errors.length, { timeout: 5000 }).toBeGreaterThan(0);
      expect(errors[0]?.message).toMatch(/terminat/i);
      expect(await checkDatabase(prisma, 5000)).toBe(true);
    } finally {
      await prisma.$disconnect();
    }
  });
});
