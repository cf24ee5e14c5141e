import { formatAssetKey, type AssetKey } from '@orrery/core';
import type { z } from 'zod';
import { InvalidDefinitionError } from '../errors.js';
import { assertName } from '../internal/names.js';
import { type MaybePromise, type ResourcesShape } from '../internal/types.js';
import { normalizeDeps, normalizeSpec, type AssetCheckSpecInput, type AssetDepLike, type AssetSpecOptions } from './asset-spec.js';
import { normalizeInsAndDeps, type AssetContextOf, type AssetInputValues, type AssetInsShape, type ComputeOptions } from './asset.js';
import type { AssetComputeFn, ComputedAssetsDefinition } from './assets-definition.js';
import { computationFields } from './computation-fields.js';

/** One asset of a multi-asset. */
export interface MultiAssetSpec extends AssetSpecOptions {
  readonly checks?: readonly AssetCheckSpecInput[];
  /** The function may leave this output out (Dagster's `is_required=False`). */
  readonly skippable?: boolean;
}

/** Options of {@link multiAsset}. */
export interface MultiAssetOptions<S extends Readonly<Record<string, MultiAssetSpec>>, Ins extends AssetInsShape, C extends z.ZodType | undefined, R extends ResourcesShape>
  extends ComputeOptions<Ins, C, R> {
  /** Step name, `[A-Za-z0-9_]+`. */
  readonly name: string;
  readonly description?: string;
  /** The assets, by output name (the keys of the record the function returns). */
  readonly specs: S;
  /** Non-loaded dependencies of every spec. */
  readonly deps?: readonly AssetDepLike[];
  /** Default group of specs that name none. */
  readonly group?: string;
  /**
   * The function can materialize any subset of the keys: read
   * `context.selectedAssetKeys` and return only those outputs. Default false: a run
   * selecting some keys of the multi-asset materializes all of them.
   */
  readonly canSubset?: boolean;
}

/** What a multi-asset function returns: values (or MaterializeResults) by output name. */
export type MultiAssetOutputs<S> = { readonly [K in keyof S]?: unknown };

/** A multi-asset definition; `ref(name)` names one of its assets in `ins`/`deps`. */
export interface MultiAssetDefinition<S> extends ComputedAssetsDefinition {
  readonly kind: 'multi_asset';
  /** The asset of output `name`, to use in `ins` and `deps` of other assets. */
  ref(name: keyof S & string): { readonly keys: readonly AssetKey[] };
}

/**
 * Defines a multi-asset (Dagster's `@multi_asset`): one function materializing several
 * assets, returning `{ [outputName]: value | MaterializeResult }`. Every spec depends on
 * the `ins`, the shared `deps` and its own `deps`.
 */
export function multiAsset<S extends Readonly<Record<string, MultiAssetSpec>>, Ins extends AssetInsShape = {}, C extends z.ZodType | undefined = undefined, R extends ResourcesShape = {}>( // eslint-disable-line @typescript-eslint/no-empty-object-type -- no inputs by default
  options: MultiAssetOptions<S, Ins, C, R>,
  fn: (context: AssetContextOf<C, R>, inputs: AssetInputValues<Ins>) => MaybePromise<MultiAssetOutputs<S>>,
): MultiAssetDefinition<S> {
  const name = assertName('multi-asset', options.name);
  const what = `multi-asset ${name}`;
  if (typeof fn !== 'function') throw new InvalidDefinitionError(what, 'the compute function is missing');
  const outputNames = Object.keys(options.specs ?? {});
  if (outputNames.length === 0) throw new InvalidDefinitionError(what, 'specs is empty');
  const { ins, deps: shared } = normalizeInsAndDeps(what, options.ins, options.deps);
  const specs = outputNames.map((outputName) => {
    assertName(`${what} output`, outputName);
    const spec = options.specs[outputName]!;
    const own = normalizeDeps(`${what} output ${outputName}`, spec.deps);
    const deps = [...shared, ...own.filter((dep) => !shared.some((known) => formatAssetKey(known.key) === formatAssetKey(dep.key)))];
    return normalizeSpec({ ...spec, group: spec.group ?? options.group }, { deps, partitions: options.partitions, checks: spec.checks });
  });
  const keyStrings = specs.map((spec) => formatAssetKey(spec.key));
  const duplicate = keyStrings.find((key, i) => keyStrings.indexOf(key) !== i);
  if (duplicate !== undefined) throw new InvalidDefinitionError(what, `two specs have key ${duplicate}`);
  const outputs = outputNames.map((outputName, i) => ({
    name: outputName,
    key: specs[i]!.key,
    skippable: options.specs[outputName]!.skippable ?? false,
  }));
  return Object.freeze({
    kind: 'multi_asset',
    name,
    keys: specs.map((spec) => spec.key),
    specs,
    partitions: options.partitions,
    description: options.description,
    ins,
    outputs,
    canSubset: options.canSubset ?? false,
    ...computationFields(what, options),
    compute: fn as unknown as AssetComputeFn,
    ref: (outputName: string) => {
      const output = outputs.find((candidate) => candidate.name === outputName);
      if (output === undefined) throw new InvalidDefinitionError(what, `has no output ${JSON.stringify(outputName)}`);
      return { keys: [output.key] };
    },
  });
}
