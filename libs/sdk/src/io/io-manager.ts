import { OrreryError } from '@orrery/contracts';
import { formatAssetKey, type AssetKey } from '@orrery/core';
import type { Logger } from '../assets/context.js';
import type { MetadataInput, MetadataValueData } from '../metadata/metadata-value.js';

/** Default resource key of the IO manager of assets and op outputs (Dagster's `io_manager`). */
export const DEFAULT_IO_MANAGER_KEY = 'io_manager';

/** What an IO manager knows about an output it stores. */
export interface OutputContext {
  readonly runId: string;
  readonly stepKey: string;
  /** `result` for single-output assets and ops. */
  readonly outputName: string;
  /** The asset stored, or undefined for an op output. */
  readonly assetKey: AssetKey | undefined;
  /**
   * Partition keys of the value: none for an unpartitioned output, one for a
   * single-partition run, several for a range run (the value is then a record by key).
   */
  readonly partitionKeys: readonly string[];
  /** For an output of a mapped dynamic step. */
  readonly mappingKey: string | undefined;
  /** The definition's metadata (e.g. a schema or table name hint). */
  readonly definitionMetadata: Readonly<Record<string, MetadataValueData>>;
  readonly log: Logger;
}

/** What an IO manager knows about an input it loads. */
export interface InputContext {
  readonly runId: string;
  /** The step that loads the input. */
  readonly stepKey: string;
  readonly inputName: string;
  /** The upstream asset, or undefined for an op input. */
  readonly assetKey: AssetKey | undefined;
  /**
   * Upstream partitions to load (after the partition mapping): none for an
   * unpartitioned asset; with several, `loadInput` returns a record by partition key.
   */
  readonly partitionKeys: readonly string[];
  /** The upstream op output (op inputs): the run, step and output that produced it. */
  readonly upstreamOutput: { readonly runId: string; readonly stepKey: string; readonly outputName: string } | undefined;
  readonly log: Logger;
}

/**
 * Stores outputs and loads inputs (Dagster's IOManager). Bound as a resource; an asset's
 * `ioManager` option names the key (default `io_manager`), and a downstream input is
 * loaded by the *upstream* asset's IO manager.
 */
export interface IOManager {
  /** Stores `value`; may return metadata to attach to the materialization. */
  handleOutput(context: OutputContext, value: unknown): Promise<void | { readonly metadata?: MetadataInput }>;
  /** Loads what `handleOutput` stored. */
  loadInput(context: InputContext): Promise<unknown>;
}

/** Thrown by IO managers when a value to load was never stored (the upstream never materialized). */
export class StoredValueNotFoundError extends OrreryError<'NOT_FOUND', { what: string }> {
  constructor(readonly what: string) {
    super('NOT_FOUND', { message: `${what} has no stored value: materialize it first`, details: { what } });
  }
}

/** Thrown by IO managers for a value they cannot store or a context they cannot serve. */
export class IOManagerError extends OrreryError<'USER_CODE_ERROR', { ioManager: string; reason: string }> {
  constructor(
    readonly ioManager: string,
    readonly reason: string,
    options: { cause?: unknown } = {},
  ) {
    super('USER_CODE_ERROR', { message: `${ioManager}: ${reason}`, details: { ioManager, reason }, cause: options.cause });
  }
}

/** A human name of what a context designates, for errors: `asset a/b partition 2024-01-01`. */
export function describeStored(context: InputContext | OutputContext, partitionKey?: string): string {
  const partition = partitionKey === undefined || partitionKey === '' ? '' : ` partition ${partitionKey}`;
  if (context.assetKey !== undefined) return `asset ${formatAssetKey(context.assetKey)}${partition}`;
  const upstream = 'upstreamOutput' in context ? context.upstreamOutput : undefined;
  const step = upstream ?? { runId: context.runId, stepKey: context.stepKey, outputName: (context as OutputContext).outputName };
  return `output ${step.outputName} of step ${step.stepKey} in run ${step.runId}`;
}

/**
 * The `(partitionKey, value)` pairs to store for an output. Unpartitioned: one pair with
 * key `''`. A range run's value must be a record with one entry per partition key.
 */
export function valuesByPartition(ioManager: string, context: OutputContext, value: unknown): [string, unknown][] {
  const keys = context.partitionKeys;
  if (keys.length === 0) return [['', value]];
  if (keys.length === 1) return [[keys[0]!, value]];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new IOManagerError(ioManager, `a run over ${keys.length} partitions must return a record keyed by partition key`);
  }
  const record = value as Record<string, unknown>;
  const missing = keys.filter((key) => !Object.hasOwn(record, key));
  if (missing.length > 0) {
    throw new IOManagerError(ioManager, `the returned record lacks partition keys ${missing.slice(0, 5).join(', ')}`);
  }
  return keys.map((key) => [key, record[key]]);
}

/**
 * Loads one value per partition key with `loadOne`: one key (or none) gives the value,
 * several give a record by key (Dagster's convention for multi-partition inputs).
 */
export async function loadByPartition(context: InputContext, loadOne: (partitionKey: string) => Promise<unknown>): Promise<unknown> {
  const keys = context.partitionKeys;
  if (keys.length === 0) return loadOne('');
  if (keys.length === 1) return loadOne(keys[0]!);
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = await loadOne(key);
  return out;
}
