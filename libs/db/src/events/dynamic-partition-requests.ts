import type { EventRecord, JsonValue } from '@orrery/core';
import { addDynamicPartitionKeys, deleteDynamicPartitionKeys } from '../dynamic-partitions/dynamic-partition-keys.js';
import type { DbClient } from '../transaction.js';

/** A change of a dynamic partitions definition made by a step, as its ENGINE_EVENT carries it. */
interface DynamicPartitionsRequest {
  type: 'add' | 'delete';
  partitionsDefName: string;
  partitionKeys: string[];
}

/** The request an event carries in `data.dynamicPartitionsRequest`, or undefined. */
export function dynamicPartitionsRequestOf(event: { type: string; data?: Record<string, JsonValue> | undefined }): DynamicPartitionsRequest | undefined {
  if (event.type !== 'ENGINE_EVENT') return undefined;
  const request = event.data?.['dynamicPartitionsRequest'];
  if (typeof request !== 'object' || request === null || Array.isArray(request)) return undefined;
  const { type, partitionsDefName, partitionKeys } = request;
  if ((type !== 'add' && type !== 'delete') || typeof partitionsDefName !== 'string' || !Array.isArray(partitionKeys)) return undefined;
  return { type, partitionsDefName, partitionKeys: partitionKeys.filter((key): key is string => typeof key === 'string') };
}

/**
 * Applies the dynamic-partition changes of a batch to `dynamic_partitions`, in event order,
 * in the batch's transaction: the keys exist exactly when the event that added them does.
 */
export async function applyDynamicPartitionsRequests(db: DbClient, records: readonly EventRecord[]): Promise<void> {
  for (const record of records) {
    const request = dynamicPartitionsRequestOf(record);
    if (request === undefined) continue;
    if (request.type === 'add') await addDynamicPartitionKeys(db, request.partitionsDefName, request.partitionKeys);
    else await deleteDynamicPartitionKeys(db, request.partitionsDefName, request.partitionKeys);
  }
}
