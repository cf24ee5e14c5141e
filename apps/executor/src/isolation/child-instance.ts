import type { DynamicPartitionKeysLookup } from '@orrery/core';
import { createPrismaClient, PrismaConcurrencyStore, PrismaDynamicPartitionsStore } from '@orrery/db';
import { PoolSlotWaiter } from '../pools/pool-slot-waiter.js';

/** What a run's child process reads from the instance itself: pool slots and dynamic partitions. */
export interface ChildInstance {
  poolSlots: PoolSlotWaiter;
  dynamicPartitions: DynamicPartitionKeysLookup;
  close(): Promise<void>;
}

/** A small Postgres pool of the child's own (events still go through the executor). */
export async function connectInstance(databaseUrl: string): Promise<ChildInstance> {
  const prisma = createPrismaClient({ url: databaseUrl, poolSize: 2 });
  const dynamicPartitions = await new PrismaDynamicPartitionsStore(prisma).lookup();
  return {
    poolSlots: new PoolSlotWaiter(new PrismaConcurrencyStore(prisma)),
    dynamicPartitions,
    close: () => prisma.$disconnect(),
  };
}
