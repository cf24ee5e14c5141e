import { IncompatiblePartitionMappingError } from '../errors.js';
import type { MultiPartitionsDefinition, PartitionDimension } from '../multi/multi-definition.js';
import { findPartitionKeyProblem } from '../partition-key.js';
import type { PartitionsDefinition, SinglePartitionsDefinition } from '../types.js';
import {
  identityPartitionMapping,
  timeWindowPartitionMapping,
  type IdentityPartitionMapping,
  type MultiToSingleDimensionPartitionMapping,
  type PartitionMapping,
  type TimeWindowPartitionMapping,
} from './partition-mapping.js';

/** How a multi-to-single-dimension mapping joins the single definition to one dimension. */
export interface DimensionDependency {
  readonly multi: MultiPartitionsDefinition;
  readonly single: SinglePartitionsDefinition;
  readonly dimension: PartitionDimension;
  readonly upstreamIsMulti: boolean;
  readonly inner: IdentityPartitionMapping | TimeWindowPartitionMapping;
}

const MAX_LISTED = 10;

/**
 * Checks that `mapping` can join `upstream` to `downstream` (undefined: an unpartitioned
 * downstream asset). Throws IncompatiblePartitionMappingError saying why not. Called by the
 * definitions validator for every partitioned dependency.
 */
export function validatePartitionMapping(upstream: PartitionsDefinition, downstream: PartitionsDefinition | undefined, mapping: PartitionMapping): void {
  const fail = (reason: string): never => {
    throw new IncompatiblePartitionMappingError(mapping.kind, reason);
  };
  switch (mapping.kind) {
    case 'all':
    case 'last':
      return;
    case 'specific': {
      const bad = mapping.partitionKeys.filter((key) => !canBeKeyOf(upstream, key));
      if (bad.length > 0) fail(`${list(bad)} cannot be partitions of the upstream ${upstream.describe()}`);
      return;
    }
    case 'identity':
      if (downstream === undefined) fail('the downstream asset is not partitioned; use the all or last mapping');
      return checkIdentity(upstream, downstream!, fail);
    case 'time-window':
      if (upstream.kind !== 'time-window') fail(`the upstream ${upstream.describe()} is not time-window partitioned`);
      if (downstream?.kind !== 'time-window') fail(`the downstream ${downstream?.describe() ?? 'asset is not partitioned and'} is not time-window partitioned`);
      if (upstream.kind === 'time-window' && downstream?.kind === 'time-window' && upstream.timezone !== downstream.timezone) {
        fail(`time zones ${upstream.timezone} (upstream) and ${downstream.timezone} (downstream) differ`);
      }
      return;
    case 'static': {
      if (upstream.kind !== 'static') fail(`the upstream ${upstream.describe()} is not static`);
      if (downstream?.kind !== 'static') fail(`the downstream ${downstream?.describe() ?? 'asset'} is not static`);
      if (upstream.kind !== 'static' || downstream?.kind !== 'static') return;
      const map = mapping.downstreamPartitionKeysByUpstreamPartitionKey;
      const unknownUp = Object.keys(map).filter((key) => !upstream.hasKey(key));
      if (unknownUp.length > 0) fail(`mapping source keys ${list(unknownUp)} are not in the upstream ${upstream.describe()}`);
      const unknownDown = [...new Set(Object.values(map).flat())].filter((key) => !downstream.hasKey(key));
      if (unknownDown.length > 0) fail(`mapping target keys ${list(unknownDown)} are not in the downstream ${downstream.describe()}`);
      return;
    }
    case 'multi-to-single-dimension':
      if (downstream === undefined) fail('the downstream asset is not partitioned');
      inferDimensionDependency(upstream, downstream!, mapping);
      return;
    default: {
      const never: never = mapping;
      fail(`unknown mapping ${JSON.stringify(never)}`);
    }
  }
}

/**
 * The dimension a multi-to-single-dimension mapping uses and the mapping within it: identity
 * when the single definition equals the dimension's, a time-window mapping when both are time
 * windows (of other granularities), as Dagster infers it. Throws IncompatiblePartitionMappingError.
 */
export function inferDimensionDependency(upstream: PartitionsDefinition, downstream: PartitionsDefinition, mapping: MultiToSingleDimensionPartitionMapping): DimensionDependency {
  const fail = (reason: string): never => {
    throw new IncompatiblePartitionMappingError(mapping.kind, reason);
  };
  const upstreamIsMulti = upstream.kind === 'multi';
  if (upstreamIsMulti === (downstream.kind === 'multi')) {
    fail(`exactly one side must be multi-partitioned; got ${upstream.kind} upstream and ${downstream.kind} downstream`);
  }
  const multi = (upstreamIsMulti ? upstream : downstream) as MultiPartitionsDefinition;
  const single = (upstreamIsMulti ? downstream : upstream) as SinglePartitionsDefinition;
  const name = mapping.partitionDimensionName;
  const candidates = name === undefined ? multi.dimensions : multi.dimensions.filter((d) => d.name === name);
  if (candidates.length === 0) fail(`${JSON.stringify(name)} is not a dimension of ${multi.describe()}`);
  const equal = candidates.filter((d) => d.definition.equals(single));
  if (equal.length > 1) fail(`dimensions ${equal.map((d) => d.name).join(', ')} all match ${single.describe()}; name one with partitionDimensionName`);
  if (equal.length === 1) return { multi, single, dimension: equal[0]!, upstreamIsMulti, inner: identityPartitionMapping() };
  const time = candidates.filter((d) => d.definition.kind === 'time-window');
  if (time.length === 1 && single.kind === 'time-window') {
    const dimension = time[0]!;
    if (dimension.definition.kind === 'time-window' && dimension.definition.timezone !== single.timezone) {
      fail(`time zones of dimension ${dimension.name} (${dimension.definition.timezone}) and ${single.describe()} differ`);
    }
    return { multi, single, dimension, upstreamIsMulti, inner: timeWindowPartitionMapping() };
  }
  return fail(
    `${single.describe()} is neither a dimension of ${multi.describe()} nor a time-window definition matching its single time dimension`,
  );
}

function checkIdentity(upstream: PartitionsDefinition, downstream: PartitionsDefinition, fail: (reason: string) => never): void {
  if (upstream.kind !== downstream.kind) fail(`upstream is ${upstream.describe()} but downstream is ${downstream.describe()}; choose another mapping`);
  if (upstream.kind === 'static' && downstream.kind === 'static') {
    const missing = downstream.partitionKeys.filter((key) => !upstream.hasKey(key));
    if (missing.length > 0) fail(`downstream keys ${list(missing)} do not exist upstream`);
  } else if (upstream.kind === 'time-window' && downstream.kind === 'time-window') {
    if (!upstream.equalsExceptStartOrEnd(downstream)) {
      fail(`${upstream.describe()} (fmt ${upstream.fmt}) and ${downstream.describe()} (fmt ${downstream.fmt}) make different keys; use a time-window mapping`);
    }
  } else if (upstream.kind === 'dynamic' && downstream.kind === 'dynamic') {
    if (upstream.name !== downstream.name) fail(`dynamic partitions ${JSON.stringify(upstream.name)} and ${JSON.stringify(downstream.name)} differ`);
  } else if (upstream.kind === 'multi' && downstream.kind === 'multi') {
    const names = upstream.dimensionNames.join(', ');
    if (names !== downstream.dimensionNames.join(', ')) fail(`dimensions (${names}) and (${downstream.dimensionNames.join(', ')}) differ`);
    upstream.dimensions.forEach((d, i) => checkIdentity(d.definition, downstream.dimensions[i]!.definition, (reason) => fail(`dimension ${d.name}: ${reason}`)));
  }
}

/** Whether `key` could name a partition of `definition` (existence at a given time is not checked). */
function canBeKeyOf(definition: PartitionsDefinition, key: string): boolean {
  switch (definition.kind) {
    case 'static':
      return definition.hasKey(key);
    case 'time-window':
      return definition.windowStartOfKey(key) !== undefined;
    case 'dynamic':
      return findPartitionKeyProblem(key) === undefined;
    case 'multi': {
      const parts = definition.splitKey(key);
      return parts !== undefined && definition.dimensions.every((d, i) => canBeKeyOf(d.definition, parts[i]!));
    }
  }
}

function list(keys: readonly string[]): string {
  const shown = keys.slice(0, MAX_LISTED).map((key) => JSON.stringify(key)).join(', ');
  return keys.length > MAX_LISTED ? `${shown} and ${keys.length - MAX_LISTED} more` : shown;
}
