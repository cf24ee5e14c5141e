import { InvalidPartitionsDefinitionError, PartitionsSubsetMismatchError } from '../errors.js';
import { DynamicPartitionsDefinition } from '../dynamic/dynamic-definition.js';
import { MultiPartitionsDefinition } from '../multi/multi-definition.js';
import { MultiPartitionsSubset } from '../multi/multi-subset.js';
import { StaticPartitionsDefinition } from '../static/static-definition.js';
import { TimeWindowPartitionsDefinition } from '../time-window/time-window-definition.js';
import { TimeWindowPartitionsSubset, type TimeRange } from '../time-window/time-window-subset.js';
import type { PartitionsDefinition, PartitionsSubset, SinglePartitionsDefinition } from '../types.js';
import { partitionsDefinitionJSONSchema, type PartitionsDefinitionJSON, type SinglePartitionsDefinitionJSON } from './definition-json.js';
import { partitionsSubsetJSONSchema, type PartitionsSubsetJSON } from './subset-json.js';

/** The stored form of a definition (same as `definition.toJSON()`). */
export function partitionsDefinitionToJSON(definition: PartitionsDefinition): PartitionsDefinitionJSON {
  return definition.toJSON();
}

/**
 * Rebuilds a definition from its stored form. Throws InvalidPartitionsDefinitionError (field
 * `json`) when the JSON does not match the schema, and the usual option errors otherwise.
 */
export function partitionsDefinitionFromJSON(json: unknown): PartitionsDefinition {
  const parsed = partitionsDefinitionJSONSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidPartitionsDefinitionError('json', `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`, { cause: parsed.error });
  }
  const value = parsed.data;
  if (value.kind === 'multi') {
    return new MultiPartitionsDefinition(Object.fromEntries(value.dimensions.map((d) => [d.name, singleFromJSON(d.definition)])));
  }
  return singleFromJSON(value);
}

function singleFromJSON(value: SinglePartitionsDefinitionJSON): SinglePartitionsDefinition {
  switch (value.kind) {
    case 'time-window':
      return new TimeWindowPartitionsDefinition({ ...value, start: new Date(value.start), end: value.end === undefined ? undefined : new Date(value.end) });
    case 'static':
      return new StaticPartitionsDefinition(value.keys);
    case 'dynamic':
      return new DynamicPartitionsDefinition(value.name);
    default: {
      const never: never = value;
      throw new InvalidPartitionsDefinitionError('json', `unknown kind in ${JSON.stringify(never)}`);
    }
  }
}

/** The stored form of a subset (same as `subset.toJSON()`). */
export function partitionsSubsetToJSON(subset: PartitionsSubset): PartitionsSubsetJSON {
  return subset.toJSON();
}

/**
 * Rebuilds a subset of `definition` from its stored form. Throws PartitionsSubsetMismatchError
 * when the JSON is malformed or of another kind, or a time range does not fall on window
 * boundaries; PartitionKeyNotFoundError when a key no longer belongs to the definition.
 */
export function partitionsSubsetFromJSON(definition: PartitionsDefinition, json: unknown): PartitionsSubset {
  const parsed = partitionsSubsetJSONSchema.safeParse(json);
  if (!parsed.success) throw new PartitionsSubsetMismatchError(`invalid subset JSON: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return subsetFromValue(definition, parsed.data);
}

function subsetFromValue(definition: PartitionsDefinition, value: PartitionsSubsetJSON): PartitionsSubset {
  if (value.kind !== definition.kind) throw new PartitionsSubsetMismatchError(`a ${value.kind} subset cannot belong to ${definition.describe()}`);
  switch (definition.kind) {
    case 'time-window': {
      if (value.kind !== 'time-window') break;
      const ranges: TimeRange[] = value.ranges.map((r) => [Date.parse(r.start), Date.parse(r.end)]);
      for (const instant of ranges.flat()) {
        if (definition.ticks.first(instant)?.instant !== instant) {
          throw new PartitionsSubsetMismatchError(`${new Date(instant).toISOString()} is not a window boundary of ${definition.describe()}`);
        }
      }
      return new TimeWindowPartitionsSubset(definition, ranges);
    }
    case 'static':
    case 'dynamic':
      if (value.kind === 'static' || value.kind === 'dynamic') return definition.subsetWithKeys(value.keys);
      break;
    case 'multi': {
      if (value.kind !== 'multi') break;
      if (value.primaryDimension !== definition.primaryDimension.name) {
        throw new PartitionsSubsetMismatchError(`stored by dimension ${value.primaryDimension}, but ${definition.describe()} is organised by ${definition.primaryDimension.name}`);
      }
      const primary = definition.primaryDimension.definition;
      const bad = value.entries.find((e) => e.key.split('|').length !== definition.dimensions.length - 1);
      if (bad !== undefined) throw new PartitionsSubsetMismatchError(`entry key ${JSON.stringify(bad.key)} does not name one key per secondary dimension`);
      return new MultiPartitionsSubset(definition, new Map(value.entries.map((e) => [e.key, subsetFromValue(primary, e.subset)])));
    }
  }
  throw new PartitionsSubsetMismatchError(`a ${value.kind} subset cannot belong to ${definition.describe()}`);
}
