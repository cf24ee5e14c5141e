import { formatAssetKey, type PartitionsDefinition, type PartitionsDefinitionJSON } from '@orrery/core';
import { z } from 'zod';
import { canonicalJson, canonicalize, compareStrings as compareKeyStrings, type Json } from '../internal/canonical-json.js';
import type { MetadataValueData } from '../metadata/metadata-value.js';
import { DEFAULT_IO_MANAGER_KEY } from '../io/io-manager.js';
import type { ResourceDefinition } from '../resources/resource.js';
import { targetJobName } from '../schedules/target.js';
import type { AssetNode } from './asset-nodes.js';
import type { Collected } from './collect.js';
import type { ExecutorOptions } from './definitions-options.js';
import { partitionMappingToJson, partitionsToJson } from './partitions-json.js';
import type { ResolvedJob } from './resolve-jobs.js';
import type { DefinitionsSnapshot, SnapshotAsset, SnapshotAssetCheck, SnapshotJob, SnapshotResource } from './snapshot-schema.js';

/** What the snapshot is built from. */
export interface SnapshotInput {
  readonly nodes: readonly AssetNode[];
  readonly collected: Collected;
  readonly jobs: readonly ResolvedJob[];
  readonly executor: ExecutorOptions | undefined;
}

type PartitionsJsonFn = (definition: PartitionsDefinition | undefined) => PartitionsDefinitionJSON | undefined;

const byName = <T extends { name: string }>(a: T, b: T) => compareKeyStrings(a.name, b.name);

/**
 * The snapshot of validated definitions, canonical: every array in a defined order
 * (assets by key, the rest by name; op graph nodes in invocation order) and every object's
 * keys sorted, so equal definitions give identical JSON whatever their declaration order.
 */
export function buildSnapshot(input: SnapshotInput): DefinitionsSnapshot {
  const { nodes, collected, jobs } = input;
  const partitions = new Map<string, PartitionsDefinitionJSON>();
  const partitionsJson = (definition: PartitionsDefinition | undefined): PartitionsDefinitionJSON | undefined => {
    if (definition === undefined) return undefined;
    const value = partitionsToJson(definition);
    partitions.set(canonicalJson(value), value);
    return value;
  };
  const checkNames = new Map<string, string[]>();
  const checks: SnapshotAssetCheck[] = [];
  for (const check of collected.checks) {
    checks.push({
      assetKey: [...check.assetKey],
      name: check.name,
      blocking: check.blocking,
      description: check.description,
      metadata: metadataJson(check.metadata),
      source: 'check',
      additionalDeps: sortedKeys(check.additionalDeps.map((dep) => dep.key)),
      resourceKeys: [...check.resourceKeys],
    });
  }
  for (const node of nodes) {
    for (const check of node.spec.checks) {
      checks.push({ assetKey: [...node.key], name: check.name, blocking: check.blocking, description: check.description, metadata: {}, source: 'asset', additionalDeps: [], resourceKeys: [] });
    }
  }
  for (const check of checks) {
    const key = formatAssetKey(check.assetKey);
    checkNames.set(key, [...(checkNames.get(key) ?? []), check.name]);
  }
  const assets = [...nodes].sort((a, b) => compareKeyStrings(a.keyString, b.keyString)).map((node) => assetSnapshot(node, partitionsJson, checkNames));
  const snapshot: DefinitionsSnapshot = {
    version: 1,
    assets,
    assetChecks: checks.sort((a, b) => compareKeyStrings(`${formatAssetKey(a.assetKey)}:${a.name}`, `${formatAssetKey(b.assetKey)}:${b.name}`)),
    jobs: [...jobs].sort(byName).map((job) => jobSnapshot(job, partitionsJson)),
    schedules: [...collected.schedules].sort(byName).map((schedule) => ({
      name: schedule.name,
      crons: [...new Set(schedule.crons)].sort(),
      timezone: schedule.timezone,
      jobName: targetJobName(schedule.name, schedule.target),
      defaultStatus: schedule.defaultStatus,
      description: schedule.description,
      tags: schedule.tags,
      hasFunction: schedule.fn !== undefined,
      partitioned: schedule.partitioned !== undefined,
      runConfig: schedule.runConfig === undefined ? undefined : (canonicalize(schedule.runConfig) as Record<string, Json>),
    })),
    sensors: [...collected.sensors].sort(byName).map((sensor) => ({
      name: sensor.name,
      type: sensor.sensorType,
      minimumIntervalSeconds: sensor.minimumIntervalSeconds,
      jobName: sensor.target === undefined ? undefined : targetJobName(sensor.name, sensor.target),
      defaultStatus: sensor.defaultStatus,
      description: sensor.description,
      tags: sensor.tags,
      assetKey: sensor.sensorType === 'asset' ? [...sensor.assetKey] : undefined,
      runStatus: sensor.sensorType === 'run_status' ? sensor.runStatus : undefined,
      monitoredJobs:
        sensor.sensorType === 'run_status' && sensor.monitoredJobs !== undefined
          ? sensor.monitoredJobs.map((job) => (typeof job === 'string' ? job : job.name)).sort()
          : undefined,
    })),
    resources: [...collected.resources.entries()].sort(([a], [b]) => compareKeyStrings(a, b)).map(([key, definition]) => resourceSnapshot(key, definition, collected.defaultIoManager)),
    partitionsDefinitions: [],
    executor: { maxConcurrency: input.executor?.maxConcurrency, isolation: input.executor?.isolation ?? 'in_process' },
  };
  snapshot.partitionsDefinitions = [...partitions.keys()].sort().map((text) => partitions.get(text)!);
  // Drops undefined fields and sorts object keys: the canonical form is the stored form.
  return canonicalize(snapshot) as unknown as DefinitionsSnapshot;
}

function assetSnapshot(node: AssetNode, partitionsJson: PartitionsJsonFn, checkNames: Map<string, string[]>): SnapshotAsset {
  const definition = node.definition;
  const spec = node.spec;
  return {
    key: [...node.key],
    kind: node.kind,
    deps: node.dependencies
      .map((dep) => ({
        key: [...dep.key],
        partitionMapping: dep.partitionMapping === undefined ? undefined : partitionMappingToJson(dep.partitionMapping),
        inputName: dep.inputName,
      }))
      .sort((a, b) => compareKeys(a.key, b.key)),
    group: spec.group,
    description: spec.description,
    metadata: metadataJson(spec.metadata),
    tags: spec.tags,
    owners: [...spec.owners].sort(),
    kinds: [...spec.kinds],
    codeVersion: spec.codeVersion,
    partitions: partitionsJson(node.partitions),
    automation: spec.automation as Json | undefined,
    ioManagerKey: spec.ioManagerKey,
    computation:
      definition.kind === 'external'
        ? undefined
        : {
            stepName: definition.name,
            canSubset: definition.kind === 'multi_asset' ? definition.canSubset : false,
            stepKeys: sortedKeys(definition.keys),
            pool: definition.pool,
            retry: definition.retry,
            resourceKeys: [...definition.resourceKeys],
            opTags: definition.opTags,
            configSchema: definition.configSchema === undefined ? undefined : jsonSchemaOf(definition.configSchema),
          },
    checks: [...(checkNames.get(node.keyString) ?? [])].sort(),
  };
}

function jobSnapshot(job: ResolvedJob, partitionsJson: PartitionsJsonFn): SnapshotJob {
  const base = {
    name: job.name,
    kind: job.kind,
    implicit: job.implicit,
    description: job.description,
    tags: job.tags,
    metadata: metadataJson(job.definition.metadata),
    partitions: partitionsJson(job.partitions),
    runConfigSchema: job.runConfigJsonSchema as Record<string, Json>,
    defaultRunConfig: job.defaultRunConfig === undefined ? undefined : (canonicalize(job.defaultRunConfig) as Record<string, Json>),
  };
  if (job.kind === 'asset_job') {
    return { ...base, selection: job.definition.selection.toString(), assetKeys: sortedKeys(job.assetKeys), checkKeys: [...job.checkKeys] };
  }
  return {
    ...base,
    graph: canonicalize(job.graph) as SnapshotJob['graph'],
    ops: [...job.ops.values()].sort(byName).map((op) => ({
      name: op.name,
      description: op.description,
      ins: Object.entries(op.ins).map(([name, spec]) => ({ name, description: spec.description })),
      outs: Object.entries(op.outs).map(([name, spec]) => ({ name, dynamic: op.isDynamicOutput(name), ioManagerKey: spec.ioManager ?? DEFAULT_IO_MANAGER_KEY })),
      configSchema: op.configSchema === undefined ? undefined : jsonSchemaOf(op.configSchema),
      resourceKeys: [...op.resourceKeys],
      retry: op.retry,
      pool: op.pool,
      tags: op.tags,
    })),
    opRetry: job.definition.opRetry,
  };
}

function resourceSnapshot(key: string, definition: ResourceDefinition, defaultIoManager: boolean): SnapshotResource {
  return {
    key,
    role: definition.role,
    description: definition.description,
    config: definition.configJson() as Json | undefined,
    configSchema: definition.configSchema === undefined ? undefined : jsonSchemaOf(definition.configSchema),
    dependsOn: [...definition.dependsOn].sort(),
    fromValue: definition.fromValue,
    isDefault: defaultIoManager && key === DEFAULT_IO_MANAGER_KEY,
  };
}

function jsonSchemaOf(schema: z.ZodType): Record<string, Json> {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, Json>;
}

// Snapshot types come from zod (mutable arrays); definitions hold readonly ones.
function metadataJson(metadata: Readonly<Record<string, MetadataValueData>>): SnapshotAsset['metadata'] {
  return metadata as unknown as SnapshotAsset['metadata'];
}

/** Copies of `keys` in key-string order (each key formatted once, not per comparison). */
function sortedKeys(keys: readonly (readonly string[])[]): string[][] {
  return keys
    .map((key) => ({ text: formatAssetKey(key), key }))
    .sort((a, b) => compareKeyStrings(a.text, b.text))
    .map(({ key }) => [...key]);
}

function compareKeys(a: readonly string[], b: readonly string[]): number {
  return compareKeyStrings(formatAssetKey(a), formatAssetKey(b));
}
