import { z } from 'zod';

// The stored form of partitions definitions (definitions snapshot): plain JSON, no functions,
// one shape per kind. Instants are ISO 8601 in UTC so that a definition rebuilt from its JSON
// makes exactly the same keys. Add fields only as optional, never rename: snapshots persist.

const instant = z.iso.datetime({ offset: true });

/** Stored form of a TimeWindowPartitionsDefinition. */
export const timeWindowPartitionsDefinitionJSONSchema = z.strictObject({
  kind: z.literal('time-window'),
  cron: z.string().min(1),
  timezone: z.string().min(1),
  start: instant,
  end: instant.optional(),
  fmt: z.string().min(1),
  endOffset: z.number().int(),
});

/** Stored form of a StaticPartitionsDefinition. */
export const staticPartitionsDefinitionJSONSchema = z.strictObject({
  kind: z.literal('static'),
  keys: z.array(z.string()),
});

/** Stored form of a DynamicPartitionsDefinition. */
export const dynamicPartitionsDefinitionJSONSchema = z.strictObject({
  kind: z.literal('dynamic'),
  name: z.string().min(1),
});

/** Stored form of a definition that can be a dimension. */
export const singlePartitionsDefinitionJSONSchema = z.discriminatedUnion('kind', [
  timeWindowPartitionsDefinitionJSONSchema,
  staticPartitionsDefinitionJSONSchema,
  dynamicPartitionsDefinitionJSONSchema,
]);

/** Stored form of a MultiPartitionsDefinition: dimensions sorted by name. */
export const multiPartitionsDefinitionJSONSchema = z.strictObject({
  kind: z.literal('multi'),
  dimensions: z.array(z.strictObject({ name: z.string().min(1), definition: singlePartitionsDefinitionJSONSchema })),
});

/** Stored form of any partitions definition (zod schema; validate with `.parse`). */
export const partitionsDefinitionJSONSchema = z.discriminatedUnion('kind', [
  timeWindowPartitionsDefinitionJSONSchema,
  staticPartitionsDefinitionJSONSchema,
  dynamicPartitionsDefinitionJSONSchema,
  multiPartitionsDefinitionJSONSchema,
]);

export type TimeWindowPartitionsDefinitionJSON = z.infer<typeof timeWindowPartitionsDefinitionJSONSchema>;
export type StaticPartitionsDefinitionJSON = z.infer<typeof staticPartitionsDefinitionJSONSchema>;
export type DynamicPartitionsDefinitionJSON = z.infer<typeof dynamicPartitionsDefinitionJSONSchema>;
export type SinglePartitionsDefinitionJSON = z.infer<typeof singlePartitionsDefinitionJSONSchema>;
export type MultiPartitionsDefinitionJSON = z.infer<typeof multiPartitionsDefinitionJSONSchema>;
/** Stored form of any partitions definition. */
export type PartitionsDefinitionJSON = z.infer<typeof partitionsDefinitionJSONSchema>;
