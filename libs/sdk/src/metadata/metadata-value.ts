import { z } from 'zod';
import { InvalidDefinitionError } from '../errors.js';
import { canonicalize, type Json } from '../internal/canonical-json.js';

/** One column of a {@link TableSchema}. */
export interface TableColumn {
  readonly name: string;
  /** Free-form type name (`string`, `int64`, `timestamp`...). Default `string`. */
  readonly type: string;
  readonly description?: string;
  readonly constraints?: { readonly nullable?: boolean; readonly unique?: boolean; readonly other?: readonly string[] };
}

/** The columns of a table-like asset (Dagster's TableSchema). */
export interface TableSchema {
  readonly columns: readonly TableColumn[];
  /** Table-level constraints, e.g. `PRIMARY KEY (id)`. */
  readonly constraints?: { readonly other: readonly string[] };
}

/**
 * A typed metadata value, as stored on definitions and in materialization events: plain
 * JSON `{ type, value }`. Build one with {@link MetadataValue}; raw numbers, strings,
 * booleans and objects given as metadata are typed for you (see {@link normalizeMetadata}).
 */
export type MetadataValueData =
  | { readonly type: 'int'; readonly value: number }
  | { readonly type: 'float'; readonly value: number }
  | { readonly type: 'text'; readonly value: string }
  | { readonly type: 'markdown'; readonly value: string }
  | { readonly type: 'url'; readonly value: string }
  | { readonly type: 'path'; readonly value: string }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'json'; readonly value: Json }
  /** Milliseconds since the epoch. */
  | { readonly type: 'timestamp'; readonly value: number }
  | { readonly type: 'table_schema'; readonly value: TableSchema }
  | { readonly type: 'null'; readonly value: null };

/** The kinds of {@link MetadataValueData}. */
export type MetadataValueType = MetadataValueData['type'];

// Marks values built by MetadataValue so a user's raw JSON object that happens to look
// like `{ type, value }` is still treated as JSON. A symbol key never reaches JSON.
const typed = Symbol('orrery.metadataValue');

/** A value built by {@link MetadataValue}. */
export type TypedMetadataValue = MetadataValueData & { readonly [typed]: true };

/** What metadata maps accept: typed values or raw JSON-able values. */
export type MetadataInput = Readonly<Record<string, TypedMetadataValue | Json>>;

/** Metadata after normalization: every value typed. */
export type Metadata = Readonly<Record<string, MetadataValueData>>;

function make<V extends MetadataValueData>(data: V): V & { readonly [typed]: true } {
  return Object.freeze({ ...data, [typed]: true as const }) as unknown as V & { readonly [typed]: true };
}

function invalid(kind: string, reason: string): never {
  throw new InvalidDefinitionError(`metadata value (${kind})`, reason);
}

/** Constructors of typed metadata values (Dagster's `MetadataValue`). Each validates its input. */
export const MetadataValue = {
  int(value: number) {
    if (!Number.isSafeInteger(value)) invalid('int', `${value} is not a safe integer`);
    return make({ type: 'int', value });
  },
  float(value: number) {
    if (!Number.isFinite(value)) invalid('float', `${value} is not finite`);
    return make({ type: 'float', value });
  },
  text(value: string) {
    return make({ type: 'text', value: String(value) });
  },
  markdown(value: string) {
    return make({ type: 'markdown', value: String(value) });
  },
  url(value: string) {
    if (!URL.canParse(value)) invalid('url', `${JSON.stringify(value)} is not an absolute URL`);
    return make({ type: 'url', value });
  },
  path(value: string) {
    return make({ type: 'path', value: String(value) });
  },
  bool(value: boolean) {
    return make({ type: 'bool', value: Boolean(value) });
  },
  json(value: unknown) {
    try {
      return make({ type: 'json', value: canonicalize(value) });
    } catch (error) {
      return invalid('json', (error as Error).message);
    }
  },
  /** A point in time: a Date or milliseconds since the epoch. */
  timestamp(value: Date | number) {
    const ms = value instanceof Date ? value.getTime() : value;
    if (!Number.isFinite(ms)) invalid('timestamp', 'not a valid time');
    return make({ type: 'timestamp', value: ms });
  },
  tableSchema(schema: TableSchema) {
    const parsed = tableSchemaSchema.safeParse(schema);
    if (!parsed.success) invalid('table_schema', z.prettifyError(parsed.error));
    return make({ type: 'table_schema', value: parsed.data as TableSchema });
  },
  null() {
    return make({ type: 'null', value: null });
  },
} as const;

/** Metadata key of an asset's row count (Dagster's `dagster/row_count`). */
export const ROW_COUNT_METADATA_KEY = 'orrery/row_count';
/** Metadata key of an asset's column schema (Dagster's `dagster/column_schema`). */
export const COLUMN_SCHEMA_METADATA_KEY = 'orrery/column_schema';

/** `{ 'orrery/row_count': int }`, to spread into a metadata map. */
export function rowCount(count: number): { [ROW_COUNT_METADATA_KEY]: TypedMetadataValue } {
  if (!Number.isSafeInteger(count) || count < 0) invalid('row count', `${count} is not a non-negative integer`);
  return { [ROW_COUNT_METADATA_KEY]: MetadataValue.int(count) };
}

/** `{ 'orrery/column_schema': table_schema }`, to spread into a metadata map. */
export function columnSchema(schema: TableSchema): { [COLUMN_SCHEMA_METADATA_KEY]: TypedMetadataValue } {
  return { [COLUMN_SCHEMA_METADATA_KEY]: MetadataValue.tableSchema(schema) };
}

/**
 * Types every value of a metadata map: MetadataValue results pass through; integers
 * become `int`, other numbers `float`, strings `text`, booleans `bool`, null `null`,
 * arrays and objects `json`. Returns a plain JSON object sorted by key.
 */
export function normalizeMetadata(metadata: MetadataInput | undefined): Record<string, MetadataValueData> {
  const out: Record<string, MetadataValueData> = {};
  if (metadata === undefined) return out;
  for (const key of Object.keys(metadata).sort()) {
    const value = metadata[key];
    if (value === undefined) continue;
    out[key] = toData(value);
  }
  return out;
}

function toData(value: TypedMetadataValue | Json): MetadataValueData {
  if (value !== null && typeof value === 'object' && typed in value) {
    const { type, value: inner } = value as MetadataValueData;
    return { type, value: inner } as MetadataValueData;
  }
  if (value === null) return { type: 'null', value: null };
  switch (typeof value) {
    case 'number':
      if (Number.isSafeInteger(value)) return { type: 'int', value };
      return { type: 'float', value: MetadataValue.float(value).value };
    case 'string':
      return { type: 'text', value };
    case 'boolean':
      return { type: 'bool', value };
    default:
      return { type: 'json', value: MetadataValue.json(value).value };
  }
}

const tableColumnSchema = z.object({
  name: z.string().min(1),
  type: z.string().min(1).default('string'),
  description: z.string().optional(),
  constraints: z
    .object({ nullable: z.boolean().optional(), unique: z.boolean().optional(), other: z.array(z.string()).optional() })
    .optional(),
});

/** zod schema of a {@link TableSchema}. */
export const tableSchemaSchema = z.object({
  columns: z.array(tableColumnSchema),
  constraints: z.object({ other: z.array(z.string()) }).optional(),
});

const jsonSchema: z.ZodType<Json> = z.json();

/** zod schema of {@link MetadataValueData} (snapshots, events). */
export const metadataValueSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('int'), value: z.number().int() }),
  z.object({ type: z.literal('float'), value: z.number() }),
  z.object({ type: z.literal('text'), value: z.string() }),
  z.object({ type: z.literal('markdown'), value: z.string() }),
  z.object({ type: z.literal('url'), value: z.string() }),
  z.object({ type: z.literal('path'), value: z.string() }),
  z.object({ type: z.literal('bool'), value: z.boolean() }),
  z.object({ type: z.literal('json'), value: jsonSchema }),
  z.object({ type: z.literal('timestamp'), value: z.number() }),
  z.object({ type: z.literal('table_schema'), value: tableSchemaSchema }),
  z.object({ type: z.literal('null'), value: z.null() }),
]);

/** zod schema of a normalized metadata map. */
export const metadataSchema = z.record(z.string(), metadataValueSchema);
