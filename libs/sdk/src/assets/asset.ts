import { formatAssetKey } from '@orrery/core';
import type { z } from 'zod';
import { InvalidDefinitionError } from '../errors.js';
import { type PartitionMapping, type PartitionsDefinition, type RetryPolicyInput } from '../internal/core-adapter.js';
import { assertName } from '../internal/names.js';
import { type ResourceInstances, type ResourcesShape } from '../internal/types.js';
import type { ConfigOf } from '../resources/resource.js';
import {
  assetOpName,
  normalizeDeps,
  normalizeSpec,
  refToKey,
  type AssetCheckSpecInput,
  type AssetDep,
  type AssetRef,
  type AssetSpecOptions,
} from './asset-spec.js';
import type { AssetComputeFn, AssetDefinition, AssetInData, Typed } from './assets-definition.js';
import type { AssetExecutionContext } from './context.js';
import type { UnwrapResult } from './results.js';
import { computationFields } from './computation-fields.js';

/** An input as given: an upstream asset (typed when it is a definition), or `{ asset, partitionMapping }`. */
export type AssetInLike = AssetRef | { readonly asset: AssetRef; readonly partitionMapping?: PartitionMapping };
/** Inputs of an asset by parameter name. */
export type AssetInsShape = Readonly<Record<string, AssetInLike>>;

/** The value an input receives: the upstream definition's value type, else unknown. */
export type AssetInValue<X> = X extends string | readonly string[]
  ? unknown
  : X extends { readonly asset: infer A }
    ? AssetInValue<A>
    : X extends Typed<infer T>
      ? T
      : unknown;

/** What an asset function receives as inputs. */
export type AssetInputValues<Ins> = { readonly [K in keyof Ins]: AssetInValue<Ins[K]> };

/** Options of the computation of an asset or multi-asset. */
export interface ComputeOptions<Ins extends AssetInsShape, C extends z.ZodType | undefined, R extends ResourcesShape> {
  /** Upstream assets loaded (through their IO managers) and passed to the function, by name. */
  readonly ins?: Ins;
  readonly partitions?: PartitionsDefinition;
  readonly retry?: RetryPolicyInput;
  /** Concurrency pool of the step. */
  readonly pool?: string;
  /** zod schema of the config, given in run config at `ops.<step name>.config`. */
  readonly config?: C;
  /** Resources the function needs, by key. */
  readonly resources?: R;
  /** Tags of the step (Dagster's op_tags); `tags` are the asset's own. */
  readonly opTags?: Readonly<Record<string, string>>;
}

/** Options of {@link asset}. */
export interface AssetOptions<Ins extends AssetInsShape, C extends z.ZodType | undefined, R extends ResourcesShape>
  extends AssetSpecOptions,
    ComputeOptions<Ins, C, R> {
  /** Checks the function itself evaluates, returned in `MaterializeResult({ checkResults })`. */
  readonly checks?: readonly AssetCheckSpecInput[];
}

/** The context type of an asset function. */
export type AssetContextOf<C, R> = AssetExecutionContext<ConfigOf<C>, ResourceInstances<R>>;

/**
 * Defines an asset (Dagster's `@asset`): `fn` computes the value, handed to the asset's IO
 * manager. Return the value, or `MaterializeResult({ value, metadata })`.
 *
 * ```ts
 * const orders = asset({ key: 'raw/orders', group: 'raw' }, async () => fetchOrders());
 * const daily = asset({ key: 'daily_totals', ins: { orders } }, (context, { orders }) => total(orders));
 * ```
 */
export function asset<Ins extends AssetInsShape = {}, Ret = unknown, C extends z.ZodType | undefined = undefined, R extends ResourcesShape = {}>( // eslint-disable-line @typescript-eslint/no-empty-object-type -- no inputs by default
  options: AssetOptions<Ins, C, R>,
  fn: (context: AssetContextOf<C, R>, inputs: AssetInputValues<Ins>) => Ret,
): AssetDefinition<UnwrapResult<Awaited<Ret>>> {
  const { ins, deps } = normalizeInsAndDeps(`asset ${describeKey(options.key)}`, options.ins, options.deps);
  const spec = normalizeSpec(options, { deps, partitions: options.partitions, checks: options.checks });
  const what = `asset ${formatAssetKey(spec.key)}`;
  if (typeof fn !== 'function') throw new InvalidDefinitionError(what, 'the compute function is missing');
  return Object.freeze({
    kind: 'asset',
    name: assetOpName(spec.key),
    key: spec.key,
    keys: [spec.key],
    specs: [spec],
    partitions: options.partitions,
    description: options.description,
    ins,
    outputs: [{ name: 'result', key: spec.key, skippable: false }],
    canSubset: false,
    ...computationFields(what, options),
    compute: fn as unknown as AssetComputeFn,
  });
}

function describeKey(key: unknown): string {
  return Array.isArray(key) ? key.join('/') : String(key);
}

/**
 * Splits `ins` (loaded) and `deps` (not loaded) into input data and the full dependency
 * list (inputs first). Naming one upstream in both is an error.
 */
export function normalizeInsAndDeps(
  what: string,
  insOption: AssetInsShape | undefined,
  depsOption: AssetSpecOptions['deps'],
): { ins: Record<string, AssetInData>; deps: AssetDep[] } {
  const ins: Record<string, AssetInData> = {};
  for (const [name, input] of Object.entries(insOption ?? {})) {
    assertName(`${what} input`, name);
    const withMapping = typeof input === 'object' && input !== null && !Array.isArray(input) && 'asset' in input;
    const key = refToKey(withMapping ? input.asset : (input as AssetRef), `${what} input ${name}`);
    ins[name] = { key, partitionMapping: withMapping ? input.partitionMapping : undefined };
  }
  const deps = normalizeDeps(what, [
    ...Object.values(ins).map((input) => ({ asset: input.key, partitionMapping: input.partitionMapping })),
    ...(depsOption ?? []),
  ]);
  return { ins, deps };
}
