import type { DbClient } from '../transaction.js';

/**
 * Adds `keys` to a dynamic partitions definition in one statement, in the given order.
 * Idempotent: keys already there (or repeated in `keys`) stay where they were. Returns how
 * many were new. Takes a client or a transaction (the event batch writes its requests here).
 */
export async function addDynamicPartitionKeys(db: DbClient, definitionName: string, keys: readonly string[]): Promise<number> {
  if (keys.length === 0) return 0;
  // WITH ORDINALITY + ORDER BY: ids (the listing order) follow the order of `keys`.
  return await db.$executeRaw`
    INSERT INTO dynamic_partitions (definition_name, partition)
    SELECT ${definitionName}, k.partition
    FROM unnest(${[...keys]}::text[]) WITH ORDINALITY AS k(partition, n)
    ORDER BY k.n
    ON CONFLICT (definition_name, partition) DO NOTHING`;
}

/** Removes `keys` from a dynamic partitions definition; keys it lacks are ignored. Returns how many went. */
export async function deleteDynamicPartitionKeys(db: DbClient, definitionName: string, keys: readonly string[]): Promise<number> {
  if (keys.length === 0) return 0;
  const { count } = await db.dynamicPartition.deleteMany({ where: { definitionName, partition: { in: [...keys] } } });
  return count;
}
