import type { DbClient } from '../transaction.js';

/** A bigint cursor stored in `kvs` under `key`; null when absent or not a decimal integer. */
export async function readKvsCursor(db: DbClient, key: string): Promise<bigint | null> {
  const row = await db.kvs.findUnique({ where: { key } });
  // A value edited by hand into something else reads as "no cursor" rather than failing every pass.
  return row && /^\d{1,19}$/.test(row.value) ? BigInt(row.value) : null;
}

/** Stores a bigint cursor in `kvs` under `key` (upsert). */
export async function writeKvsCursor(db: DbClient, key: string, value: bigint): Promise<void> {
  const text = value.toString();
  await db.kvs.upsert({ where: { key }, create: { key, value: text }, update: { value: text } });
}
