import { formatAssetKey } from '@orrery/core';
import { InvalidDefinitionError, InvalidUserResultError } from '../errors.js';
import { type PartitionsDefinition, type RetryPolicyInput } from '../internal/core-adapter.js';
import { type MaybePromise, type ResourceInstances, type ResourcesShape } from '../internal/types.js';
import { normalizeMetadata, type MetadataInput, type MetadataValueData } from '../metadata/metadata-value.js';
import { assetOpName, normalizeDeps, normalizeSpec, type AssetSpecOptions } from './asset-spec.js';
import type { ExternalAssetDefinition, ObservableSourceAssetDefinition, ObserveFn, Typed } from './assets-definition.js';
import type { ObserveContext } from './context.js';
import { computationFields } from './computation-fields.js';

/** What an observation returns (Dagster's ObserveResult / DataVersion). */
export interface ObserveResultInput {
  /** The current version of the data (a hash, a modification time...): a change marks downstream stale. */
  readonly dataVersion: string;
  readonly metadata?: MetadataInput;
}

/** A normalized observation. */
export interface ObservationData {
  readonly dataVersion: string;
  readonly metadata: Record<string, MetadataValueData>;
}

/** Options of {@link observableSourceAsset}. */
export interface ObservableSourceAssetOptions<R extends ResourcesShape> extends Omit<AssetSpecOptions, 'codeVersion'> {
  readonly partitions?: PartitionsDefinition;
  readonly resources?: R;
  readonly retry?: RetryPolicyInput;
  readonly pool?: string;
  readonly opTags?: Readonly<Record<string, string>>;
}

/** An observable source asset whose stored value (read through `ioManager`) is `T`. */
export interface ObservableSourceAsset<T = unknown> extends ObservableSourceAssetDefinition, Typed<T> {
  readonly key: readonly string[];
}

/** An external asset whose stored value (read through `ioManager`) is `T`. */
export interface ExternalAsset<T = unknown> extends ExternalAssetDefinition, Typed<T> {
  readonly key: readonly string[];
}

/**
 * Defines an observable source asset (Dagster's `@observable_source_asset`): data made
 * elsewhere, whose version `fn` reports. It is observed, never materialized; downstream
 * assets may load it through its IO manager.
 */
export function observableSourceAsset<T = unknown, R extends ResourcesShape = {}>( // eslint-disable-line @typescript-eslint/no-empty-object-type -- no resources by default
  options: ObservableSourceAssetOptions<R>,
  fn: (context: ObserveContext<ResourceInstances<R>>) => MaybePromise<ObserveResultInput>,
): ObservableSourceAsset<T> {
  const spec = normalizeSpec(options, { deps: normalizeDeps('observable source asset', options.deps), partitions: options.partitions });
  const what = `observable source asset ${formatAssetKey(spec.key)}`;
  if (typeof fn !== 'function') throw new InvalidDefinitionError(what, 'the observe function is missing');
  return Object.freeze({
    kind: 'observable_source',
    name: assetOpName(spec.key),
    key: spec.key,
    keys: [spec.key],
    specs: [spec],
    partitions: options.partitions,
    description: options.description,
    ...computationFields(what, { ...options, config: undefined }),
    observe: fn as unknown as ObserveFn,
  });
}

/** Options of {@link externalAsset}: the spec fields (Dagster's AssetSpec). */
export interface ExternalAssetOptions extends Omit<AssetSpecOptions, 'automation' | 'codeVersion'> {
  readonly partitions?: PartitionsDefinition;
}

/**
 * Declares an external asset (Dagster's AssetSpec given to Definitions): it appears in
 * the graph and lineage, downstream assets may depend on it and load it through its IO
 * manager, but Orrery never computes it. Its materializations are reported from outside.
 */
export function externalAsset<T = unknown>(options: ExternalAssetOptions): ExternalAsset<T> {
  const spec = normalizeSpec(options, { deps: normalizeDeps('external asset', options.deps), partitions: options.partitions });
  return Object.freeze({
    kind: 'external',
    name: assetOpName(spec.key),
    key: spec.key,
    keys: [spec.key],
    specs: [spec],
    partitions: options.partitions,
    description: options.description,
  });
}

/** Validates what an observe function returned. Throws {@link InvalidUserResultError}. */
export function normalizeObservation(definition: string, result: unknown): ObservationData {
  const dataVersion = (result as { dataVersion?: unknown } | null)?.dataVersion;
  if (typeof dataVersion !== 'string' || dataVersion === '') {
    throw new InvalidUserResultError(definition, 'an observation returns { dataVersion: string, metadata? }');
  }
  return { dataVersion, metadata: normalizeMetadata((result as ObserveResultInput).metadata) };
}
