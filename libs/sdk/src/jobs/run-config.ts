import { OrreryError } from '@orrery/contracts';
import { z } from 'zod';

/** One configurable step of a job: where its config sits under `ops`, and its schema. */
export interface ConfigEntry {
  /** `['transform']`, or `['etl', 'transform']` for an op inside graph `etl`. */
  readonly path: readonly string[];
  readonly schema: z.ZodType;
}

/** Details of {@link RunConfigError}. */
export interface RunConfigErrorDetails {
  readonly job: string;
  /** One line per problem: `ops.transform.config.limit: expected number`. */
  readonly issues: readonly string[];
}

/** Thrown when a run config does not match its job's run config schema. */
export class RunConfigError extends OrreryError<'VALIDATION_FAILED', RunConfigErrorDetails> {
  constructor(readonly problems: RunConfigErrorDetails) {
    super('VALIDATION_FAILED', { message: `invalid run config for job ${problems.job}: ${problems.issues.join('; ')}`, details: problems });
  }
}

/** Parsed run config: each configurable step's config by dotted path (`etl.transform`). */
export type ParsedRunConfig = ReadonlyMap<string, unknown>;

interface Tree {
  schema?: z.ZodType;
  children: Map<string, Tree>;
}

/** True when the schema accepts a missing config (all fields optional or defaulted). */
export function configIsOptional(schema: z.ZodType): boolean {
  return schema.safeParse({}).success || schema.safeParse(undefined).success;
}

/**
 * The zod schema of a job's run config, Dagster's shape:
 * `{ ops: { <alias>: { config }, <graph>: { ops: { <alias>: { config } } } } }`. Objects
 * are strict, so a misspelled op name is an error rather than silently ignored. Ops
 * whose config is all optional may be left out.
 */
export function runConfigSchema(entries: readonly ConfigEntry[]): z.ZodType {
  const root: Tree = { children: new Map() };
  for (const entry of entries) {
    let tree = root;
    for (const part of entry.path) {
      let child = tree.children.get(part);
      if (child === undefined) tree.children.set(part, (child = { children: new Map() }));
      tree = child;
    }
    tree.schema = entry.schema;
  }
  const ops = opsSchema(root);
  return z.strictObject({ ops: ops.required ? ops.schema : ops.schema.optional() });
}

function opsSchema(tree: Tree): { schema: z.ZodType; required: boolean } {
  const shape: Record<string, z.ZodType> = {};
  let anyRequired = false;
  for (const name of [...tree.children.keys()].sort()) {
    const child = tree.children.get(name)!;
    let entry: z.ZodType;
    let required: boolean;
    if (child.schema !== undefined) {
      required = !configIsOptional(child.schema);
      entry = z.strictObject({ config: required ? child.schema : child.schema.optional() });
    } else {
      const inner = opsSchema(child);
      required = inner.required;
      entry = z.strictObject({ ops: required ? inner.schema : inner.schema.optional() });
    }
    shape[name] = required ? entry : entry.optional();
    anyRequired ||= required;
  }
  return { schema: z.strictObject(shape), required: anyRequired };
}

/**
 * Validates `runConfig` (merged over the job's `defaults`) and returns each configurable
 * step's parsed config by dotted path; steps left out get their schema's defaults.
 * Throws {@link RunConfigError} listing every problem.
 */
export function parseRunConfig(
  job: string,
  entries: readonly ConfigEntry[],
  runConfig: unknown,
  defaults: unknown = {},
): ParsedRunConfig {
  const merged = deepMerge(defaults, runConfig ?? {});
  const parsed = runConfigSchema(entries).safeParse(merged);
  if (!parsed.success) {
    throw new RunConfigError({
      job,
      issues: parsed.error.issues.map((issue) => `${issue.path.length === 0 ? '(root)' : issue.path.join('.')}: ${issue.message}`),
    });
  }
  const out = new Map<string, unknown>();
  for (const entry of entries) {
    let node: unknown = parsed.data;
    for (const part of entry.path) node = (node as { ops?: Record<string, unknown> } | undefined)?.ops?.[part];
    const config = (node as { config?: unknown } | undefined)?.config;
    out.set(entry.path.join('.'), config !== undefined ? config : defaultConfig(entry.schema));
  }
  return out;
}

function defaultConfig(schema: z.ZodType): unknown {
  const fromEmpty = schema.safeParse({});
  return fromEmpty.success ? fromEmpty.data : schema.parse(undefined);
}

/**
 * The JSON Schema (draft 2020-12) of a run config schema, for the api to validate
 * submissions without importing user code. Input form: defaulted fields are optional.
 * Types JSON Schema cannot express (transforms, custom checks) become `{}`.
 */
export function runConfigJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}

/** Objects merged key by key (the override wins); anything else is replaced. */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (!isRecord(base) || !isRecord(override)) return override === undefined ? base : override;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) out[key] = deepMerge(base[key], value);
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
