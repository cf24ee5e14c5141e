import { z } from 'zod';

// The stored form of partitions subsets (e.g. a backfill's targets, materialized partitions).
// A subset is only meaningful with its definition, which is stored elsewhere: rebuild with
// partitionsSubsetFromJSON(definition, json). Keys, not indexes, so a static definition may
// gain keys without corrupting stored subsets.

/** Stored form of a TimeWindowPartitionsSubset: merged `[start, end)` ranges, ISO instants. */
export const timeWindowPartitionsSubsetJSONSchema = z.strictObject({
  kind: z.literal('time-window'),
  ranges: z.array(z.strictObject({ start: z.iso.datetime({ offset: true }), end: z.iso.datetime({ offset: true }) })),
});

/** Stored form of a StaticPartitionsSubset. */
export const staticPartitionsSubsetJSONSchema = z.strictObject({
  kind: z.literal('static'),
  keys: z.array(z.string()),
});

/** Stored form of a DynamicPartitionsSubset. */
export const dynamicPartitionsSubsetJSONSchema = z.strictObject({
  kind: z.literal('dynamic'),
  keys: z.array(z.string()),
});

const singleSubsetJSONSchema = z.discriminatedUnion('kind', [
  timeWindowPartitionsSubsetJSONSchema,
  staticPartitionsSubsetJSONSchema,
  dynamicPartitionsSubsetJSONSchema,
]);

/** Stored form of a MultiPartitionsSubset: per secondary key, a subset of the primary dimension. */
export const multiPartitionsSubsetJSONSchema = z.strictObject({
  kind: z.literal('multi'),
  primaryDimension: z.string().min(1),
  entries: z.array(z.strictObject({ key: z.string(), subset: singleSubsetJSONSchema })),
});

/** Stored form of any partitions subset (zod schema). */
export const partitionsSubsetJSONSchema = z.discriminatedUnion('kind', [
  timeWindowPartitionsSubsetJSONSchema,
  staticPartitionsSubsetJSONSchema,
  dynamicPartitionsSubsetJSONSchema,
  multiPartitionsSubsetJSONSchema,
]);

export type TimeWindowPartitionsSubsetJSON = z.infer<typeof timeWindowPartitionsSubsetJSONSchema>;
export type StaticPartitionsSubsetJSON = z.infer<typeof staticPartitionsSubsetJSONSchema>;
export type DynamicPartitionsSubsetJSON = z.infer<typeof dynamicPartitionsSubsetJSONSchema>;
/** Stored form of a subset of a single (non-multi) definition. */
export type SinglePartitionsSubsetJSON = z.infer<typeof singleSubsetJSONSchema>;
export type MultiPartitionsSubsetJSON = z.infer<typeof multiPartitionsSubsetJSONSchema>;
/** Stored form of any partitions subset. */
export type PartitionsSubsetJSON = z.infer<typeof partitionsSubsetJSONSchema>;
