import { z } from 'zod';
import { IncompatiblePartitionMappingError } from '../errors.js';

// Partition mappings say which upstream partitions a downstream partition depends on
// (Dagster's PartitionMapping classes). They are plain data, so the JSON form of a mapping is
// the mapping itself; the functions that apply them live in map-partitions.ts.

/** Each downstream partition depends on the upstream partition with the same key. */
export interface IdentityPartitionMapping {
  readonly kind: 'identity';
}

/**
 * Each downstream partition depends on the upstream partitions whose windows overlap its
 * window, with the window's start and end shifted by `startOffset` / `endOffset` windows of
 * the downstream definition (Dagster's TimeWindowPartitionMapping). Works across granularities.
 */
export interface TimeWindowPartitionMapping {
  readonly kind: 'time-window';
  /** Default 0; -1 also depends on the previous window. */
  readonly startOffset: number;
  /** Default 0; 1 also depends on the next window. */
  readonly endOffset: number;
  /** Default false: needed upstream windows outside the upstream definition are reported as required but nonexistent. */
  readonly allowNonexistentUpstreamPartitions: boolean;
}

/** Every downstream partition depends on every upstream partition. */
export interface AllPartitionMapping {
  readonly kind: 'all';
}

/** Every downstream partition depends on the last upstream partition. */
export interface LastPartitionMapping {
  readonly kind: 'last';
}

/** An explicit map between two static definitions: upstream key → downstream keys. */
export interface StaticPartitionMapping {
  readonly kind: 'static';
  readonly downstreamPartitionKeysByUpstreamPartitionKey: Readonly<Record<string, readonly string[]>>;
}

/** Every downstream partition depends on these upstream partitions. */
export interface SpecificPartitionsPartitionMapping {
  readonly kind: 'specific';
  readonly partitionKeys: readonly string[];
}

/**
 * Between a multi-partitions definition and a single-dimension one, in either direction: a
 * single key X maps to every multi key whose `partitionDimensionName` key is X (or, for time
 * windows of another granularity, overlaps X). The dimension may be omitted when exactly one
 * dimension matches the single definition.
 */
export interface MultiToSingleDimensionPartitionMapping {
  readonly kind: 'multi-to-single-dimension';
  readonly partitionDimensionName?: string | undefined;
}

/** Any partition mapping; switch on `kind`. */
export type PartitionMapping =
  | IdentityPartitionMapping
  | TimeWindowPartitionMapping
  | AllPartitionMapping
  | LastPartitionMapping
  | StaticPartitionMapping
  | SpecificPartitionsPartitionMapping
  | MultiToSingleDimensionPartitionMapping;

export function identityPartitionMapping(): IdentityPartitionMapping {
  return { kind: 'identity' };
}

/** Throws IncompatiblePartitionMappingError for non-integer offsets. */
export function timeWindowPartitionMapping(
  options: { startOffset?: number; endOffset?: number; allowNonexistentUpstreamPartitions?: boolean } = {},
): TimeWindowPartitionMapping {
  const startOffset = options.startOffset ?? 0;
  const endOffset = options.endOffset ?? 0;
  if (!Number.isSafeInteger(startOffset) || !Number.isSafeInteger(endOffset)) {
    throw new IncompatiblePartitionMappingError('time-window', `offsets must be integers, got ${startOffset} and ${endOffset}`);
  }
  return { kind: 'time-window', startOffset, endOffset, allowNonexistentUpstreamPartitions: options.allowNonexistentUpstreamPartitions ?? false };
}

export function allPartitionMapping(): AllPartitionMapping {
  return { kind: 'all' };
}

export function lastPartitionMapping(): LastPartitionMapping {
  return { kind: 'last' };
}

/** `map`: upstream key → one downstream key or several. */
export function staticPartitionMapping(map: Readonly<Record<string, string | readonly string[]>>): StaticPartitionMapping {
  return {
    kind: 'static',
    downstreamPartitionKeysByUpstreamPartitionKey: Object.fromEntries(Object.entries(map).map(([up, down]) => [up, typeof down === 'string' ? [down] : [...down]])),
  };
}

export function specificPartitionsPartitionMapping(partitionKeys: readonly string[]): SpecificPartitionsPartitionMapping {
  return { kind: 'specific', partitionKeys: [...partitionKeys] };
}

export function multiToSingleDimensionPartitionMapping(partitionDimensionName?: string): MultiToSingleDimensionPartitionMapping {
  return partitionDimensionName === undefined ? { kind: 'multi-to-single-dimension' } : { kind: 'multi-to-single-dimension', partitionDimensionName };
}

/** Stored form of a partition mapping (zod schema). */
export const partitionMappingJSONSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('identity') }),
  z.strictObject({
    kind: z.literal('time-window'),
    startOffset: z.number().int(),
    endOffset: z.number().int(),
    allowNonexistentUpstreamPartitions: z.boolean(),
  }),
  z.strictObject({ kind: z.literal('all') }),
  z.strictObject({ kind: z.literal('last') }),
  z.strictObject({ kind: z.literal('static'), downstreamPartitionKeysByUpstreamPartitionKey: z.record(z.string(), z.array(z.string())) }),
  z.strictObject({ kind: z.literal('specific'), partitionKeys: z.array(z.string()) }),
  z.strictObject({ kind: z.literal('multi-to-single-dimension'), partitionDimensionName: z.string().min(1).optional() }),
]);

/** Stored form of a partition mapping. */
export type PartitionMappingJSON = z.infer<typeof partitionMappingJSONSchema>;

/** The stored form of a mapping (a copy of it: mappings are plain data). */
export function partitionMappingToJSON(mapping: PartitionMapping): PartitionMappingJSON {
  return partitionMappingJSONSchema.parse(mapping);
}

/** Reads a stored mapping; throws IncompatiblePartitionMappingError when it does not match the schema. */
export function partitionMappingFromJSON(json: unknown): PartitionMapping {
  const parsed = partitionMappingJSONSchema.safeParse(json);
  if (!parsed.success) throw new IncompatiblePartitionMappingError('stored', `invalid mapping JSON: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}
