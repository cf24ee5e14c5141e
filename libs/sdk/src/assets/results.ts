import { InvalidUserResultError, InvalidDefinitionError } from '../errors.js';
import { normalizeMetadata, type MetadataInput, type MetadataValueData } from '../metadata/metadata-value.js';

// Results are branded so that a plain return value that happens to have `value` and
// `metadata` fields is still stored as a value, never mistaken for a result wrapper.
const brand = Symbol('orrery.result');

/** Severity of a failed asset check (Dagster's AssetCheckSeverity). */
export type AssetCheckSeverity = 'WARN' | 'ERROR';

/** What an asset check returns: passed or not, with a severity (default ERROR). */
export interface AssetCheckResultInput {
  readonly passed: boolean;
  /** Default `ERROR`. Only an ERROR failure of a blocking check stops downstream assets. */
  readonly severity?: AssetCheckSeverity;
  readonly metadata?: MetadataInput;
  readonly description?: string;
  /** Which check, when an asset function reports results of its own `checks`. */
  readonly checkName?: string;
}

/** A normalized asset check result. */
export interface AssetCheckResultData {
  readonly passed: boolean;
  readonly severity: AssetCheckSeverity;
  readonly metadata: Record<string, MetadataValueData>;
  readonly description?: string;
  readonly checkName?: string;
}

/** Options of a materialization or output wrapper. */
export interface OutputOptions {
  readonly metadata?: MetadataInput;
  /** A version of the produced data (Dagster's DataVersion); defaults to none. */
  readonly dataVersion?: string;
}

/** An op output value with metadata (Dagster's `Output`). */
export interface OutputResult<T> {
  readonly [brand]: 'output';
  readonly value: T;
  readonly metadata: Record<string, MetadataValueData>;
  readonly dataVersion: string | undefined;
}

/** One item of a dynamic output (Dagster's `DynamicOutput`). */
export interface DynamicOutputResult<T> {
  readonly [brand]: 'dynamic';
  readonly value: T;
  /** Unique among the items of the output; becomes the step key suffix `op[key]`. */
  readonly mappingKey: string;
  readonly metadata: Record<string, MetadataValueData>;
}

/** An asset materialization with metadata and check results (Dagster's `MaterializeResult`). */
export interface MaterializeResultValue<T> {
  readonly [brand]: 'materialize';
  /** True when a value was given (it goes to the IO manager); false for "stored by the function itself". */
  readonly hasValue: boolean;
  readonly value: T | undefined;
  readonly metadata: Record<string, MetadataValueData>;
  readonly dataVersion: string | undefined;
  readonly checkResults: readonly AssetCheckResultData[];
}

/** Wraps an op's return value with metadata. */
export function Output<T>(value: T, options: OutputOptions = {}): OutputResult<T> {
  return Object.freeze({
    [brand]: 'output' as const,
    value,
    metadata: normalizeMetadata(options.metadata),
    dataVersion: options.dataVersion,
  });
}

const mappingKeyPattern = /^[A-Za-z0-9_]+$/;

/** One item of a `DynamicOut`; `mappingKey` must be `[A-Za-z0-9_]+` and unique in the output. */
export function DynamicOutput<T>(value: T, mappingKey: string, options: { metadata?: MetadataInput } = {}): DynamicOutputResult<T> {
  if (!mappingKeyPattern.test(mappingKey)) {
    throw new InvalidDefinitionError(`dynamic output ${JSON.stringify(mappingKey)}`, 'a mapping key may contain only letters, digits and "_"');
  }
  return Object.freeze({ [brand]: 'dynamic' as const, value, mappingKey, metadata: normalizeMetadata(options.metadata) });
}

/**
 * What an asset function may return instead of a bare value: metadata, a data version and
 * results of the asset's own checks. Without `value` nothing is handed to the IO manager
 * (the function stored the data itself), as in Dagster.
 */
export function MaterializeResult<T = never>(
  result: OutputOptions & { readonly value?: T; readonly checkResults?: readonly AssetCheckResultInput[] } = {},
): MaterializeResultValue<T> {
  return Object.freeze({
    [brand]: 'materialize' as const,
    hasValue: 'value' in result,
    value: result.value,
    metadata: normalizeMetadata(result.metadata),
    dataVersion: result.dataVersion,
    checkResults: (result.checkResults ?? []).map((check) => normalizeCheckResult('asset function', check)),
  });
}

/** An asset check result (sugar for returning the plain object). */
export function AssetCheckResult(result: AssetCheckResultInput): AssetCheckResultInput {
  return result;
}

/** True for a value built by {@link Output}. */
export function isOutputResult(value: unknown): value is OutputResult<unknown> {
  return branded(value) === 'output';
}

/** True for a value built by {@link DynamicOutput}. */
export function isDynamicOutputResult(value: unknown): value is DynamicOutputResult<unknown> {
  return branded(value) === 'dynamic';
}

/** True for a value built by {@link MaterializeResult}. */
export function isMaterializeResult(value: unknown): value is MaterializeResultValue<unknown> {
  return branded(value) === 'materialize';
}

function branded(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? (value as { [brand]?: unknown })[brand] : undefined;
}

/** The value type behind a returned wrapper (`MaterializeResult<T>` / `Output<T>` → `T`). */
export type UnwrapResult<R> =
  R extends MaterializeResultValue<infer T> ? T : R extends OutputResult<infer T> ? T : R;

/**
 * What the engine stores for one returned output: the value (when there is one), its
 * metadata, data version and check results. Bare values become `{ hasValue: true }`.
 */
export interface UnwrappedOutput {
  readonly hasValue: boolean;
  readonly value: unknown;
  readonly metadata: Record<string, MetadataValueData>;
  readonly dataVersion: string | undefined;
  readonly checkResults: readonly AssetCheckResultData[];
}

/** Interprets an asset or op return value (engine helper). */
export function unwrapOutput(returned: unknown): UnwrappedOutput {
  if (isMaterializeResult(returned)) return returned;
  if (isOutputResult(returned)) {
    return { hasValue: true, value: returned.value, metadata: returned.metadata, dataVersion: returned.dataVersion, checkResults: [] };
  }
  return { hasValue: true, value: returned, metadata: {}, dataVersion: undefined, checkResults: [] };
}

/**
 * Validates and normalizes what a check returned. Throws {@link InvalidUserResultError}
 * naming `definition` when `passed` is not a boolean or the severity is unknown.
 */
export function normalizeCheckResult(definition: string, result: unknown): AssetCheckResultData {
  if (typeof result !== 'object' || result === null || typeof (result as { passed?: unknown }).passed !== 'boolean') {
    throw new InvalidUserResultError(definition, 'an asset check returns { passed: boolean, severity?, metadata? }');
  }
  const input = result as AssetCheckResultInput;
  const severity = input.severity ?? 'ERROR';
  if (severity !== 'WARN' && severity !== 'ERROR') {
    throw new InvalidUserResultError(definition, `severity must be WARN or ERROR, got ${JSON.stringify(severity)}`);
  }
  const out: { -readonly [K in keyof AssetCheckResultData]: AssetCheckResultData[K] } = {
    passed: input.passed,
    severity,
    metadata: normalizeMetadata(input.metadata),
  };
  if (input.description !== undefined) out.description = input.description;
  if (input.checkName !== undefined) out.checkName = input.checkName;
  return out;
}
