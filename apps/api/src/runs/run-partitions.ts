import { OrreryError } from '@orrery/contracts';
import { partitionsDefinitionFromJSON, type PartitionKeyRange, type PartitionsContext, type PartitionsDefinition, type PartitionsDefinitionJSON } from '@orrery/core';
import type { PrismaClient } from '@orrery/db';
import { InvalidRequestError } from './request-errors.js';

/** System tags a partitioned run carries (Dagster's `dagster/partition`, `dagster/asset_partition_range_*`). */
export const PARTITION_TAGS = {
  partition: 'orrery/partition',
  rangeStart: 'orrery/asset_partition_range_start',
  rangeEnd: 'orrery/asset_partition_range_end',
} as const;

/** The partition part of a submission. */
export interface PartitionRequest {
  readonly partitionKey?: string | undefined;
  readonly partitionRange?: PartitionKeyRange | undefined;
}

/** A validated partition choice: the run's `partition_key` column, body range and tags. */
export interface RunPartition {
  readonly partitionKey: string | null;
  readonly partitionKeyRange: PartitionKeyRange | undefined;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Checks a submission's partition key or range against the job's partitions definition as
 * it stands at `now` (time windows exist once ended; dynamic keys are read from
 * `dynamic_partitions`). A partitioned job needs one of them; an unpartitioned one takes
 * neither. Throws InvalidRequestError naming the field.
 */
export async function resolveRunPartition(
  prisma: PrismaClient,
  job: { readonly name: string; readonly partitions: PartitionsDefinitionJSON | undefined },
  request: PartitionRequest,
  now: Date,
): Promise<RunPartition> {
  const { partitionKey, partitionRange } = request;
  if (partitionKey !== undefined && partitionRange !== undefined) {
    throw new InvalidRequestError('body.partitionRange', 'give partitionKey or partitionRange, not both');
  }
  if (job.partitions === undefined) {
    if (partitionKey === undefined && partitionRange === undefined) return { partitionKey: null, partitionKeyRange: undefined, tags: {} };
    const field = partitionKey !== undefined ? 'body.partitionKey' : 'body.partitionRange';
    throw new InvalidRequestError(field, `job ${job.name} is not partitioned`);
  }
  if (partitionKey === undefined && partitionRange === undefined) {
    throw new InvalidRequestError('body.partitionKey', `job ${job.name} is partitioned: give partitionKey or partitionRange`);
  }
  const definition = definitionOf(job.name, job.partitions);
  const context: PartitionsContext = { now, dynamicPartitions: await loadDynamicKeys(prisma, dynamicNames(job.partitions)) };
  if (partitionKey !== undefined) {
    requireKey(definition, partitionKey, context, 'body.partitionKey', job.name);
    return { partitionKey, partitionKeyRange: undefined, tags: { [PARTITION_TAGS.partition]: partitionKey } };
  }
  const range = partitionRange!;
  requireKey(definition, range.start, context, 'body.partitionRange.start', job.name);
  requireKey(definition, range.end, context, 'body.partitionRange.end', job.name);
  asRequestError('body.partitionRange', () => definition.keysInRange(range, context));
  // A one-key range is still a range run: the engine gives it a key range, not a key.
  return {
    partitionKey: null,
    partitionKeyRange: { start: range.start, end: range.end },
    tags: { [PARTITION_TAGS.rangeStart]: range.start, [PARTITION_TAGS.rangeEnd]: range.end },
  };
}

function definitionOf(job: string, json: PartitionsDefinitionJSON): PartitionsDefinition {
  try {
    return partitionsDefinitionFromJSON(json);
  } catch (error) {
    // The executor validated it when publishing: a bad one here is our bug, not the caller's.
    throw new OrreryError('INTERNAL', { message: `job ${job} has an unreadable partitions definition`, cause: error });
  }
}

function requireKey(definition: PartitionsDefinition, key: string, context: PartitionsContext, field: string, job: string): void {
  if (!asRequestError(field, () => definition.hasKey(key, context))) {
    throw new InvalidRequestError(field, `${JSON.stringify(key)} is not a partition of job ${job}`);
  }
}

function asRequestError<T>(field: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof OrreryError && error.code === 'VALIDATION_FAILED') throw new InvalidRequestError(field, error.message, { cause: error });
    throw error;
  }
}

/** Names of the dynamic partitions definitions in `json` (itself, or dimensions of a multi). */
function dynamicNames(json: PartitionsDefinitionJSON): string[] {
  switch (json.kind) {
    case 'dynamic':
      return [json.name];
    case 'multi':
      return json.dimensions.flatMap((dimension) => (dimension.definition.kind === 'dynamic' ? [dimension.definition.name] : []));
    case 'static':
    case 'time-window':
      return [];
    default: {
      const never: never = json;
      throw new Error(`unknown partitions kind ${JSON.stringify(never)}`);
    }
  }
}

/** The current keys of dynamic definitions, in the order they were added. */
async function loadDynamicKeys(prisma: PrismaClient, names: readonly string[]): Promise<Map<string, string[]>> {
  const keys = new Map<string, string[]>(names.map((name) => [name, []]));
  if (names.length === 0) return keys;
  const rows = await prisma.dynamicPartition.findMany({ where: { definitionName: { in: [...names] } }, orderBy: { id: 'asc' }, select: { definitionName: true, partition: true } });
  for (const row of rows) keys.get(row.definitionName)!.push(row.partition);
  return keys;
}
