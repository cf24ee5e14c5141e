import { formatAssetKey, type AssetKey } from '@orrery/core';
import { InvalidDefinitionError } from '../errors.js';
import { toRetryPolicy, type RetryPolicy, type RetryPolicyInput } from '../internal/core-adapter.js';
import { assertName } from '../internal/names.js';
import { resourceKeysOf, type MaybePromise, type ResourceInstances, type ResourcesShape } from '../internal/types.js';
import { normalizeMetadata, type MetadataInput, type MetadataValueData } from '../metadata/metadata-value.js';
import { normalizeDeps, refToKey, type AssetDep, type AssetDepLike, type AssetRef } from './asset-spec.js';
import type { Typed } from './assets-definition.js';
import type { AssetCheckContext } from './context.js';
import type { AssetCheckResultInput } from './results.js';

/** Options of {@link assetCheck}. */
export interface AssetCheckOptions<A extends AssetRef, L extends boolean, R extends ResourcesShape> {
  /** The asset checked: its definition or key. */
  readonly asset: A;
  /** `[A-Za-z0-9_]+`, unique per asset. */
  readonly name: string;
  /**
   * A failed check of severity ERROR stops the asset's downstream assets in the same run
   * (Dagster's `blocking`). Default false.
   */
  readonly blocking?: boolean;
  readonly description?: string;
  readonly metadata?: MetadataInput;
  /** Load the asset's value (through its IO manager) and pass it to the function. Default false. */
  readonly loadAsset?: L;
  /** Other assets the check reads (not loaded). */
  readonly additionalDeps?: readonly AssetDepLike[];
  readonly resources?: R;
  readonly retry?: RetryPolicyInput;
  readonly pool?: string;
}

/** How the engine calls a check: `value` is the loaded asset when `loadAsset` is set. */
export type AssetCheckFn = (context: AssetCheckContext<Readonly<Record<string, unknown>>>, value: unknown) => unknown;

/** An asset check (Dagster's `@asset_check`). */
export interface AssetCheckDefinition {
  readonly kind: 'asset_check';
  readonly name: string;
  readonly assetKey: AssetKey;
  /** `asset/key:check_name`: unique in a Definitions. */
  readonly checkKey: string;
  readonly blocking: boolean;
  readonly description: string | undefined;
  readonly metadata: Readonly<Record<string, MetadataValueData>>;
  readonly loadAsset: boolean;
  readonly additionalDeps: readonly AssetDep[];
  readonly resourceKeys: readonly string[];
  readonly retry: RetryPolicy | undefined;
  readonly pool: string | undefined;
  readonly evaluate: AssetCheckFn;
}

type ValueOf<A> = A extends Typed<infer T> ? T : unknown;

/**
 * Defines an asset check. The function returns `{ passed, severity?, metadata? }`
 * (severity `ERROR` by default, or `WARN`); it runs after the asset materializes in the
 * same run, or alone in a run that selects the check.
 */
export function assetCheck<A extends AssetRef, L extends boolean = false, R extends ResourcesShape = {}>( // eslint-disable-line @typescript-eslint/no-empty-object-type -- no resources by default
  options: AssetCheckOptions<A, L, R>,
  fn: (context: AssetCheckContext<ResourceInstances<R>>, value: L extends true ? ValueOf<A> : undefined) => MaybePromise<AssetCheckResultInput>,
): AssetCheckDefinition {
  const name = assertName('asset check', options.name);
  const assetKey = refToKey(options.asset, `asset check ${name}`);
  const what = `asset check ${formatAssetKey(assetKey)}:${name}`;
  if (typeof fn !== 'function') throw new InvalidDefinitionError(what, 'the check function is missing');
  return Object.freeze({
    kind: 'asset_check',
    name,
    assetKey,
    checkKey: checkKeyOf(assetKey, name),
    blocking: options.blocking ?? false,
    description: options.description,
    metadata: normalizeMetadata(options.metadata),
    loadAsset: options.loadAsset ?? false,
    additionalDeps: normalizeDeps(what, options.additionalDeps),
    resourceKeys: resourceKeysOf(options.resources),
    retry: toRetryPolicy(what, options.retry),
    pool: options.pool,
    evaluate: fn as unknown as AssetCheckFn,
  });
}

/** `asset/key:check_name`. */
export function checkKeyOf(assetKey: AssetKey, name: string): string {
  return `${formatAssetKey(assetKey)}:${name}`;
}

/** True for a value built by {@link assetCheck}. */
export function isAssetCheckDefinition(value: unknown): value is AssetCheckDefinition {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'asset_check';
}
