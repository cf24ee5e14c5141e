import { IncompatiblePartitionMappingError } from '../errors.js';
import { MultiPartitionsSubset } from '../multi/multi-subset.js';
import { MULTI_PARTITION_KEY_DELIMITER } from '../partition-key.js';
import type { TimeWindowPartitionsDefinition } from '../time-window/time-window-definition.js';
import { TimeWindowPartitionsSubset } from '../time-window/time-window-subset.js';
import type { PartitionsContext, PartitionsDefinition, PartitionsSubset } from '../types.js';
import { mapTimeWindows } from './map-time-window.js';
import type { PartitionMapping, StaticPartitionMapping } from './partition-mapping.js';
import { inferDimensionDependency, validatePartitionMapping, type DimensionDependency } from './validate-mapping.js';

/** The upstream partitions a downstream subset needs (Dagster's UpstreamPartitionsResult). */
export interface UpstreamPartitionsResult {
  /** Needed upstream partitions that exist. */
  readonly subset: PartitionsSubset;
  /** Needed upstream partitions that do not exist (yet): a run for them would lack inputs. */
  readonly requiredButNonexistentKeys: readonly string[];
}

/** Input of {@link mapDownstreamToUpstream}. */
export interface DownstreamToUpstreamInput {
  readonly upstream: PartitionsDefinition;
  /** Undefined for an unpartitioned downstream asset (then only all, last and specific apply). */
  readonly downstream: PartitionsDefinition | undefined;
  /** Undefined exactly when `downstream` is. */
  readonly downstreamSubset: PartitionsSubset | undefined;
  readonly context: PartitionsContext;
}

/** Input of {@link mapUpstreamToDownstream}. */
export interface UpstreamToDownstreamInput {
  readonly upstream: PartitionsDefinition;
  readonly downstream: PartitionsDefinition;
  readonly upstreamSubset: PartitionsSubset;
  readonly context: PartitionsContext;
}

/**
 * The upstream partitions that `downstreamSubset` depends on through `mapping`. Validates the
 * mapping first (IncompatiblePartitionMappingError).
 */
export function mapDownstreamToUpstream(mapping: PartitionMapping, input: DownstreamToUpstreamInput): UpstreamPartitionsResult {
  const { upstream, downstream, downstreamSubset, context } = input;
  validatePartitionMapping(upstream, downstream, mapping);
  switch (mapping.kind) {
    case 'all':
      return { subset: upstream.allSubset(context), requiredButNonexistentKeys: [] };
    case 'last': {
      const last = upstream.lastKey(context);
      return { subset: upstream.subsetWithKeys(last === undefined ? [] : [last]), requiredButNonexistentKeys: [] };
    }
    case 'specific':
      return splitExisting(upstream, mapping.partitionKeys, context);
  }
  const subset = requireSubset(downstreamSubset, mapping);
  switch (mapping.kind) {
    case 'identity':
      return identity(subset, upstream, context, true);
    case 'time-window': {
      const { subset: mapped, nonexistentKeys } = mapTimeWindows(timeSubset(subset, mapping.kind), timeDefinition(upstream, mapping.kind), mapping, true, context);
      return { subset: mapped, requiredButNonexistentKeys: nonexistentKeys };
    }
    case 'static': {
      const keys = new Set(subset.keys());
      const needed = Object.entries(mapping.downstreamPartitionKeysByUpstreamPartitionKey).filter(([, downs]) => downs.some((key) => keys.has(key)));
      return { subset: upstream.subsetWithKeys(needed.map(([up]) => up)), requiredButNonexistentKeys: [] };
    }
    case 'multi-to-single-dimension': {
      const dependency = inferDimensionDependency(upstream, downstream!, mapping);
      return multiDownstreamToUpstream(dependency, subset, context);
    }
  }
}

/** The downstream partitions that depend on `upstreamSubset` through `mapping` (existing ones only). */
export function mapUpstreamToDownstream(mapping: PartitionMapping, input: UpstreamToDownstreamInput): PartitionsSubset {
  const { upstream, downstream, upstreamSubset, context } = input;
  validatePartitionMapping(upstream, downstream, mapping);
  switch (mapping.kind) {
    case 'all':
      return upstreamSubset.isEmpty() ? downstream.emptySubset() : downstream.allSubset(context);
    case 'last': {
      const last = upstream.lastKey(context);
      return last !== undefined && upstreamSubset.contains(last) ? downstream.allSubset(context) : downstream.emptySubset();
    }
    case 'specific':
      return mapping.partitionKeys.some((key) => upstreamSubset.contains(key)) ? downstream.allSubset(context) : downstream.emptySubset();
    case 'identity':
      return identity(upstreamSubset, downstream, context, false).subset;
    case 'time-window':
      return mapTimeWindows(timeSubset(upstreamSubset, mapping.kind), timeDefinition(downstream, mapping.kind), mapping, false, context).subset;
    case 'static':
      return downstream.subsetWithKeys(staticTargets(mapping, upstreamSubset.keys()));
    case 'multi-to-single-dimension':
      return multiUpstreamToDownstream(inferDimensionDependency(upstream, downstream, mapping), upstreamSubset, context);
  }
}

/** Same keys on the other side; `from` keys the target lacks are nonexistent. */
function identity(from: PartitionsSubset, to: PartitionsDefinition, context: PartitionsContext, report: boolean): UpstreamPartitionsResult {
  if (from.definition.equals(to)) return { subset: from, requiredButNonexistentKeys: [] };
  if (from instanceof TimeWindowPartitionsSubset && to.kind === 'time-window') {
    // Same windows, other bounds (validated): work on ranges, not keys.
    const rebound = new TimeWindowPartitionsSubset(to, from.ranges);
    const all = to.allSubset(context);
    return { subset: rebound.intersection(all), requiredButNonexistentKeys: report ? rebound.difference(all).keys() : [] };
  }
  const existing = new Set(to.allKeys(context));
  const keys = from.keys();
  return {
    subset: to.subsetWithKeys(keys.filter((key) => existing.has(key))),
    requiredButNonexistentKeys: report ? keys.filter((key) => !existing.has(key)) : [],
  };
}

function multiDownstreamToUpstream(dependency: DimensionDependency, downstreamSubset: PartitionsSubset, context: PartitionsContext): UpstreamPartitionsResult {
  const { multi, single, dimension, upstreamIsMulti, inner } = dependency;
  if (upstreamIsMulti) {
    const mapped = mapDownstreamToUpstream(inner, { upstream: dimension.definition, downstream: single, downstreamSubset, context });
    return {
      subset: multi.emptySubset().withDimensionSubset(dimension.name, mapped.subset, context),
      requiredButNonexistentKeys: multiKeysWith(dependency, mapped.requiredButNonexistentKeys, context),
    };
  }
  return mapDownstreamToUpstream(inner, { upstream: single, downstream: dimension.definition, downstreamSubset: multiSubset(downstreamSubset).projectTo(dimension.name), context });
}

function multiUpstreamToDownstream(dependency: DimensionDependency, upstreamSubset: PartitionsSubset, context: PartitionsContext): PartitionsSubset {
  const { multi, single, dimension, upstreamIsMulti, inner } = dependency;
  if (upstreamIsMulti) {
    return mapUpstreamToDownstream(inner, { upstream: dimension.definition, downstream: single, upstreamSubset: multiSubset(upstreamSubset).projectTo(dimension.name), context });
  }
  const mapped = mapUpstreamToDownstream(inner, { upstream: single, downstream: dimension.definition, upstreamSubset, context });
  return multi.emptySubset().withDimensionSubset(dimension.name, mapped, context);
}

/** Multi keys whose `dimension` key is one of `keys` (which may not exist), with every key of the other dimensions. */
function multiKeysWith({ multi, dimension }: DimensionDependency, keys: readonly string[], context: PartitionsContext): string[] {
  if (keys.length === 0) return [];
  return multi.dimensions.reduce<string[]>((prefixes, d, i) => {
    const options = d === dimension ? keys : d.definition.allKeys(context);
    return prefixes.flatMap((prefix) => options.map((key) => (i === 0 ? key : `${prefix}${MULTI_PARTITION_KEY_DELIMITER}${key}`)));
  }, ['']);
}

function multiSubset(subset: PartitionsSubset): MultiPartitionsSubset {
  if (!(subset instanceof MultiPartitionsSubset)) throw new IncompatiblePartitionMappingError('multi-to-single-dimension', `expected a multi-partitions subset, got a ${subset.kind} one`);
  return subset;
}

function timeSubset(subset: PartitionsSubset, mapping: string): TimeWindowPartitionsSubset {
  if (!(subset instanceof TimeWindowPartitionsSubset)) throw new IncompatiblePartitionMappingError(mapping, `expected a time-window subset, got a ${subset.kind} one`);
  return subset;
}

function timeDefinition(definition: PartitionsDefinition, mapping: string): TimeWindowPartitionsDefinition {
  if (definition.kind !== 'time-window') throw new IncompatiblePartitionMappingError(mapping, `${definition.describe()} is not time-window partitioned`);
  return definition;
}

function splitExisting(upstream: PartitionsDefinition, keys: readonly string[], context: PartitionsContext): UpstreamPartitionsResult {
  const exists = keys.filter((key) => upstream.hasKey(key, context));
  return { subset: upstream.subsetWithKeys(exists), requiredButNonexistentKeys: keys.filter((key) => !exists.includes(key)) };
}

function staticTargets(mapping: StaticPartitionMapping, upstreamKeys: readonly string[]): string[] {
  const targets = new Set<string>();
  for (const key of upstreamKeys) for (const down of mapping.downstreamPartitionKeysByUpstreamPartitionKey[key] ?? []) targets.add(down);
  return [...targets];
}

function requireSubset(subset: PartitionsSubset | undefined, mapping: PartitionMapping): PartitionsSubset {
  if (subset === undefined) throw new IncompatiblePartitionMappingError(mapping.kind, 'needs the downstream partitions subset');
  return subset;
}
