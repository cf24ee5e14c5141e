import type { AssetKey } from '@orrery/core';
import type { z } from 'zod';
import type { AssetExecutionContext, ObserveContext } from './context.js';
import type { PartitionMapping, PartitionsDefinition, RetryPolicy } from '../internal/core-adapter.js';
import type { AssetSpecData } from './asset-spec.js';

/** An input of a computed asset: the upstream asset loaded through its IO manager. */
export interface AssetInData {
  readonly key: AssetKey;
  readonly partitionMapping: PartitionMapping | undefined;
}

/** How the engine calls an asset or multi-asset function. */
export type AssetComputeFn = (
  context: AssetExecutionContext<unknown, Readonly<Record<string, unknown>>>,
  inputs: Readonly<Record<string, unknown>>,
) => unknown;

/** How the engine calls an observable source asset's function. */
export type ObserveFn = (context: ObserveContext<Readonly<Record<string, unknown>>>) => unknown;

/** Fields of every asset-like definition. */
interface AssetsDefinitionBase {
  /** Step name: `raw__orders` for an asset, the given name for a multi-asset. */
  readonly name: string;
  /** Every key the definition declares, in declaration order. */
  readonly keys: readonly AssetKey[];
  /** One normalized spec per key, same order as `keys`. */
  readonly specs: readonly AssetSpecData[];
  readonly partitions: PartitionsDefinition | undefined;
  readonly description: string | undefined;
}

/** Fields the engine needs to run a computation (assets, multi-assets, source observations). */
interface Computation {
  readonly configSchema: z.ZodType | undefined;
  /** Sorted keys of the resources the function needs. */
  readonly resourceKeys: readonly string[];
  readonly retry: RetryPolicy | undefined;
  /** Concurrency pool of its step. */
  readonly pool: string | undefined;
  /** Tags of the step (Dagster's op_tags). */
  readonly opTags: Readonly<Record<string, string>>;
}

/** An asset or multi-asset: one function materializing one or more keys. */
export interface ComputedAssetsDefinition extends AssetsDefinitionBase, Computation {
  readonly kind: 'asset' | 'multi_asset';
  /** Loaded inputs by parameter name. */
  readonly ins: Readonly<Record<string, AssetInData>>;
  /** Output name of each key (`result` for a single asset), in key order. */
  readonly outputs: readonly { readonly name: string; readonly key: AssetKey; readonly skippable: boolean }[];
  /** A multi-asset that can materialize any subset of its keys (Dagster's can_subset). */
  readonly canSubset: boolean;
  readonly compute: AssetComputeFn;
}

/** An observable source asset: observed (a data version), never materialized. */
export interface ObservableSourceAssetDefinition extends AssetsDefinitionBase, Computation {
  readonly kind: 'observable_source';
  readonly observe: ObserveFn;
}

/** An external asset: declared for lineage and loading, computed elsewhere. */
export interface ExternalAssetDefinition extends AssetsDefinitionBase {
  readonly kind: 'external';
}

/** Any asset-like definition `defineDefinitions({ assets })` accepts. */
export type AnyAssetsDefinition = ComputedAssetsDefinition | ObservableSourceAssetDefinition | ExternalAssetDefinition;

/** Type-level carrier of an asset's value type, so `ins: { orders }` types the input. */
export interface Typed<T> {
  /** Type-level only. */
  readonly __valueType?: T;
}

/** A single asset whose value is `T`. */
export interface AssetDefinition<T = unknown> extends ComputedAssetsDefinition, Typed<T> {
  readonly kind: 'asset';
  /** The asset's key. */
  readonly key: AssetKey;
}

/** True for any asset-like definition. */
export function isAssetsDefinition(value: unknown): value is AnyAssetsDefinition {
  const kind = (value as { kind?: unknown } | null)?.kind;
  return (
    typeof value === 'object' &&
    value !== null &&
    (kind === 'asset' || kind === 'multi_asset' || kind === 'observable_source' || kind === 'external') &&
    Array.isArray((value as { specs?: unknown }).specs)
  );
}
