import { DEFAULT_ASSET_GROUP, findAssetKeyProblem, formatAssetKey, parseAssetKey, type AssetKey, type AssetKeyLike } from '@orrery/core';
import type { AutomationCondition} from '../automation/automation-condition.js';
import { type AutomationConditionData } from '../automation/automation-condition.js';
import { InvalidDefinitionError } from '../errors.js';
import type { PartitionMapping, PartitionsDefinition } from '../internal/core-adapter.js';
import { assertName, isValidName, normalizeTags } from '../internal/names.js';
import { normalizeMetadata, type MetadataInput, type MetadataValueData } from '../metadata/metadata-value.js';
import { DEFAULT_IO_MANAGER_KEY } from '../io/io-manager.js';

/** Anything that names an asset: its definition, its key, or its user string (`raw/orders`). */
export type AssetRef = AssetKeyLike | { readonly keys: readonly AssetKey[] };

/** A dependency as given: an asset, or `{ asset, partitionMapping }`. */
export type AssetDepLike = AssetRef | { readonly asset: AssetRef; readonly partitionMapping?: PartitionMapping };

/** A normalized dependency. */
export interface AssetDep {
  readonly key: AssetKey;
  /** How this asset's partitions map to the upstream's. Default: Dagster's default for the pair. */
  readonly partitionMapping: PartitionMapping | undefined;
}

/** A check declared on an asset and evaluated by the asset's own function. */
export interface AssetCheckSpecInput {
  /** `[A-Za-z0-9_]+`, unique per asset. */
  readonly name: string;
  /** A failed ERROR result stops downstream assets. Default false. */
  readonly blocking?: boolean;
  readonly description?: string;
}

/** Options every asset-like definition shares (Dagster's AssetSpec fields). */
export interface AssetSpecOptions {
  /** The asset key: parts, or a user string `raw/orders`. */
  readonly key: AssetKeyLike;
  /** Prepended to the key: `keyPrefix: 'warehouse'` turns `orders` into `warehouse/orders`. */
  readonly keyPrefix?: string | readonly string[];
  /** Upstream assets this one depends on without loading them. */
  readonly deps?: readonly AssetDepLike[];
  /** `[A-Za-z0-9_]+`. Default `default`. */
  readonly group?: string;
  readonly description?: string;
  readonly metadata?: MetadataInput;
  readonly tags?: Readonly<Record<string, string>>;
  /** Emails or `team:<name>`. */
  readonly owners?: readonly string[];
  /** Technologies shown and selectable with `kind:` (at most 3, as Dagster). */
  readonly kinds?: readonly string[];
  /** Bump when the computation changes, to mark downstream stale. */
  readonly codeVersion?: string;
  /** Resource key of the IO manager storing the value (and loading it downstream). Default `io_manager`. */
  readonly ioManager?: string;
  readonly automation?: AutomationCondition;
}

/** One asset key's normalized description: what the graph, the snapshot and the engine read. */
export interface AssetSpecData {
  readonly key: AssetKey;
  readonly deps: readonly AssetDep[];
  readonly group: string;
  readonly description: string | undefined;
  readonly metadata: Readonly<Record<string, MetadataValueData>>;
  readonly tags: Readonly<Record<string, string>>;
  readonly owners: readonly string[];
  readonly kinds: readonly string[];
  readonly codeVersion: string | undefined;
  readonly ioManagerKey: string;
  readonly automation: AutomationConditionData | undefined;
  readonly partitions: PartitionsDefinition | undefined;
  /** Checks the asset's own function evaluates. */
  readonly checks: readonly { readonly name: string; readonly blocking: boolean; readonly description: string | undefined }[];
}

const ownerPattern = /^(?:[^@\s]+@[^@\s]+\.[^@\s]+|team:[A-Za-z0-9_-]+)$/;

/** Resolves an asset key with its prefix; throws {@link InvalidDefinitionError} naming it. */
export function toAssetKey(key: AssetKeyLike, keyPrefix?: string | readonly string[]): AssetKey {
  const base = typeof key === 'string' ? key.split('/') : [...key];
  const prefix = keyPrefix === undefined ? [] : typeof keyPrefix === 'string' ? keyPrefix.split('/') : [...keyPrefix];
  const parts = [...prefix, ...base];
  const problem = findAssetKeyProblem(parts);
  if (problem !== undefined) throw new InvalidDefinitionError(`asset ${JSON.stringify(parts.join('/'))}`, problem.reason);
  return Object.freeze(parts);
}

/** The key of an {@link AssetRef}; a multi-asset must be named by one of its keys. */
export function refToKey(ref: AssetRef, what: string): AssetKey {
  if (typeof ref === 'string') {
    try {
      return parseAssetKey(ref);
    } catch (error) {
      throw new InvalidDefinitionError(what, (error as Error).message, { cause: error });
    }
  }
  if (isAssetsLike(ref)) {
    if (ref.keys.length !== 1) throw new InvalidDefinitionError(what, 'a multi-asset is referred to by one of its keys, not the definition');
    return ref.keys[0]!;
  }
  return toAssetKey(ref as AssetKey);
}

function isAssetsLike(ref: AssetRef): ref is { readonly keys: readonly AssetKey[] } {
  return typeof ref === 'object' && ref !== null && !Array.isArray(ref) && 'keys' in ref;
}

/** Normalizes dependencies, refusing duplicates. */
export function normalizeDeps(what: string, deps: readonly AssetDepLike[] | undefined): AssetDep[] {
  const out: AssetDep[] = [];
  for (const dep of deps ?? []) {
    const withMapping = typeof dep === 'object' && dep !== null && !Array.isArray(dep) && 'asset' in dep;
    const key = refToKey(withMapping ? dep.asset : (dep as AssetRef), what);
    if (out.some((known) => formatAssetKey(known.key) === formatAssetKey(key))) {
      throw new InvalidDefinitionError(what, `depends on ${formatAssetKey(key)} twice`);
    }
    out.push({ key, partitionMapping: withMapping ? dep.partitionMapping : undefined });
  }
  return out;
}

/** Normalizes the shared spec fields of one asset key. */
export function normalizeSpec(
  options: AssetSpecOptions,
  extra: { readonly deps: readonly AssetDep[]; readonly partitions: PartitionsDefinition | undefined; readonly checks?: readonly AssetCheckSpecInput[] },
): AssetSpecData {
  const key = toAssetKey(options.key, options.keyPrefix);
  const what = `asset ${formatAssetKey(key)}`;
  const group = options.group ?? DEFAULT_ASSET_GROUP;
  if (!isValidName(group)) throw new InvalidDefinitionError(what, `group ${JSON.stringify(group)} may contain only letters, digits and "_"`);
  for (const owner of options.owners ?? []) {
    if (!ownerPattern.test(owner)) throw new InvalidDefinitionError(what, `owner ${JSON.stringify(owner)} is neither an email nor team:<name>`);
  }
  const kinds = [...new Set(options.kinds ?? [])];
  if (kinds.length > 3) throw new InvalidDefinitionError(what, 'an asset has at most 3 kinds');
  if (kinds.some((kind) => kind.trim() === '')) throw new InvalidDefinitionError(what, 'a kind is not empty');
  const checks = (extra.checks ?? []).map((check) => ({
    name: assertName(`${what} check`, check.name),
    blocking: check.blocking ?? false,
    description: check.description,
  }));
  if (new Set(checks.map((check) => check.name)).size !== checks.length) throw new InvalidDefinitionError(what, 'two checks share a name');
  // Dagster allows a self-dependency only through a partition mapping (each partition
  // reads the previous one); it is then no edge of the asset graph.
  const selfDep = extra.deps.find((dep) => formatAssetKey(dep.key) === formatAssetKey(key));
  if (selfDep !== undefined && selfDep.partitionMapping === undefined) {
    throw new InvalidDefinitionError(what, 'an asset depends on itself only through a partition mapping (e.g. the previous time window)');
  }
  return Object.freeze({
    key,
    deps: extra.deps,
    group,
    description: options.description,
    metadata: normalizeMetadata(options.metadata),
    tags: normalizeTags(what, options.tags),
    owners: [...(options.owners ?? [])],
    kinds: kinds.sort(),
    codeVersion: options.codeVersion,
    ioManagerKey: options.ioManager ?? DEFAULT_IO_MANAGER_KEY,
    automation: options.automation?.toJSON(),
    partitions: extra.partitions,
    checks,
  });
}

/** The step/op name of a single asset: key parts joined by `__` (Dagster's convention). */
export function assetOpName(key: AssetKey): string {
  return key.map((part) => part.replaceAll('-', '_')).join('__');
}
