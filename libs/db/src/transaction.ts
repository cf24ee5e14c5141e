import type { Prisma, PrismaClient } from './generated/prisma/client.js';

/** A Prisma interactive-transaction client. */
export type TransactionClient = Prisma.TransactionClient;

/** Either the client or a transaction: what store functions run their statements on. */
export type DbClient = PrismaClient | TransactionClient;

/** Options of a transaction opened by {@link withTransaction}. */
export interface TransactionOptions {
  /** Longest wait for a connection, in ms. Prisma's default: 2000. */
  maxWaitMs?: number;
  /** Longest run of the transaction, in ms. Prisma's default: 5000. */
  timeoutMs?: number;
}

/**
 * Runs `fn` inside `tx` when the caller already has a transaction (so several store calls
 * commit together), otherwise in a new transaction on `prisma`.
 */
export async function withTransaction<T>(
  prisma: PrismaClient,
  tx: TransactionClient | undefined,
  fn: (tx: TransactionClient) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  if (tx) return await fn(tx);
  return await prisma.$transaction(fn, {
    ...(options.maxWaitMs !== undefined && { maxWait: options.maxWaitMs }),
    ...(options.timeoutMs !== undefined && { timeout: options.timeoutMs }),
  });
}
