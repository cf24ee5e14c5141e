import type { DynamicPartitionKeysLookup } from '@orrery/core';
import type { PrismaClient } from '../generated/prisma/client.js';
import { addDynamicPartitionKeys, deleteDynamicPartitionKeys } from './dynamic-partition-keys.js';

/**
 * The keys of dynamic partitions definitions (`dynamic_partitions`), kept in the order they
 * were added, as Dagster's instance keeps them. Keys are per definition name; adding a key
 * twice keeps the first.
 */
export class PrismaDynamicPartitionsStore {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Adds `keys` to the definition, in the given order, in one statement. Idempotent: keys
   * already there (or repeated in `keys`) stay where they were. Returns how many were new.
   */
  async add(definitionName: string, keys: readonly string[]): Promise<number> {
    return await addDynamicPartitionKeys(this.prisma, definitionName, keys);
  }

  /** Removes `keys` from the definition; keys it lacks are ignored. Returns how many went. */
  async delete(definitionName: string, keys: readonly string[]): Promise<number> {
    return await deleteDynamicPartitionKeys(this.prisma, definitionName, keys);
  }

  /** The definition's keys in the order they were added; [] for an unknown definition. */
  async list(definitionName: string): Promise<string[]> {
    const rows = await this.prisma.dynamicPartition.findMany({ where: { definitionName }, orderBy: { id: 'asc' }, select: { partition: true } });
    return rows.map((row) => row.partition);
  }

  /** True when the definition has the key. */
  async has(definitionName: string, key: string): Promise<boolean> {
    return (await this.prisma.dynamicPartition.count({ where: { definitionName, partition: key } })) > 0;
  }

  /**
   * Loads the keys core's partitions code needs (its synchronous `DynamicPartitionKeysLookup`
   * port; the executor passes it to the engine), read once now. With `definitionNames`, only
   * those are loaded and any other name answers undefined (core then reports the keys as
   * not supplied); without, every definition is loaded and an unknown name has no keys ([]).
   */
  async lookup(definitionNames?: readonly string[]): Promise<DynamicPartitionKeysLookup> {
    const rows = await this.prisma.dynamicPartition.findMany({
      where: definitionNames === undefined ? {} : { definitionName: { in: [...definitionNames] } },
      orderBy: { id: 'asc' },
      select: { definitionName: true, partition: true },
    });
    const keys = new Map<string, string[]>((definitionNames ?? []).map((name) => [name, []]));
    for (const row of rows) {
      const list = keys.get(row.definitionName);
      if (list) list.push(row.partition);
      else keys.set(row.definitionName, [row.partition]);
    }
    const loadedAll = definitionNames === undefined;
    return { get: (name) => keys.get(name) ?? (loadedAll ? [] : undefined) };
  }
}
