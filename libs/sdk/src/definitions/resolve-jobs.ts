import { evaluateAssetSelection, formatAssetKey, type AssetGraph, type AssetKey, type AssetNodeSet } from '@orrery/core';
import type { z } from 'zod';
import type { AssetCheckDefinition } from '../assets/asset-check.js';
import type { PartitionsDefinition } from '../internal/core-adapter.js';
import { canonicalJson } from '../internal/canonical-json.js';
import type { AssetJobDefinition, JobDefinition, OpJobDefinition } from '../jobs/job.js';
import { parseRunConfig, runConfigJsonSchema, runConfigSchema, type ConfigEntry, type ParsedRunConfig } from '../jobs/run-config.js';
import type { OpDefinitionData } from '../ops/op.js';
import type { OpGraph } from '../ops/op-graph.js';
import type { AssetNode } from './asset-nodes.js';
import type { ProblemList } from './definitions-error.js';
import { partitionsToJson } from './partitions-json.js';

/** What every resolved job offers the engine and the services. */
interface ResolvedJobBase {
  readonly name: string;
  readonly description: string | undefined;
  readonly tags: Readonly<Record<string, string>>;
  /** The job's partitions (an asset job's inferred from its assets when not given). */
  readonly partitions: PartitionsDefinition | undefined;
  readonly defaultRunConfig: Readonly<Record<string, unknown>> | undefined;
  /** True for the implicit asset job of a schedule or sensor targeting a selection. */
  readonly implicit: boolean;
  /** Where each configurable step's config sits in run config (`ops.<path>.config`). */
  readonly configEntries: readonly ConfigEntry[];
  /** zod schema of the run config. */
  readonly runConfigSchema: z.ZodType;
  /** JSON Schema of the run config (what the api validates submissions with). */
  readonly runConfigJsonSchema: Record<string, unknown>;
  /**
   * Validates a run config merged over the job's default and returns each step's parsed
   * config by step path. Throws RunConfigError.
   */
  parseRunConfig(runConfig: unknown): ParsedRunConfig;
}

/** An asset job resolved against the asset graph. */
export interface ResolvedAssetJob extends ResolvedJobBase {
  readonly kind: 'asset_job';
  readonly definition: AssetJobDefinition;
  /** Selected asset keys, parents first (the graph's deterministic topological order). */
  readonly assetKeys: readonly AssetKey[];
  /**
   * Keys (`asset:check`) of the `assetCheck()` definitions of the selected assets, sorted.
   * Checks an asset's own function evaluates are on `AssetNode.spec.checks`.
   */
  readonly checkKeys: readonly string[];
}

/** An op job. */
export interface ResolvedOpJob extends ResolvedJobBase {
  readonly kind: 'op_job';
  readonly definition: OpJobDefinition;
  readonly graph: OpGraph;
  /** The op definitions by op name. */
  readonly ops: ReadonlyMap<string, OpDefinitionData>;
}

/** A job of loaded definitions: a set of asset keys or an op graph. */
export type ResolvedJob = ResolvedAssetJob | ResolvedOpJob;

function finishBase(job: JobDefinition, implicit: boolean, partitions: PartitionsDefinition | undefined, entries: readonly ConfigEntry[]) {
  const schema = runConfigSchema(entries);
  return {
    name: job.name,
    description: job.description,
    tags: job.tags,
    partitions,
    defaultRunConfig: job.defaultRunConfig,
    implicit,
    configEntries: entries,
    runConfigSchema: schema,
    runConfigJsonSchema: runConfigJsonSchema(schema),
    parseRunConfig: (runConfig: unknown) => parseRunConfig(job.name, entries, runConfig, job.defaultRunConfig ?? {}),
  };
}

/** Resolves an op job; reports an invalid default run config. */
export function resolveOpJob(job: OpJobDefinition, problems: ProblemList): ResolvedOpJob {
  const resolved: ResolvedOpJob = {
    ...finishBase(job, false, job.partitions, job.configEntries),
    kind: 'op_job',
    definition: job,
    graph: job.graph,
    ops: job.ops,
  };
  checkDefaultConfig(resolved, problems);
  return resolved;
}

/**
 * Resolves an asset job: evaluates its selection (an empty result is a problem), infers
 * its partitions (assets with different partitions definitions are a problem) and builds
 * its run config schema from the configurable assets selected.
 */
export function resolveAssetJob(
  job: AssetJobDefinition,
  implicit: boolean,
  graph: AssetGraph<AssetNode>,
  checksByAsset: ReadonlyMap<string, readonly AssetCheckDefinition[]>,
  problems: ProblemList,
): ResolvedAssetJob | undefined {
  const subject = `job ${job.name}`;
  let selected: AssetNodeSet;
  try {
    selected = evaluateAssetSelection(job.selection, graph);
  } catch (error) {
    problems.add('invalid_selection', subject, (error as Error).message);
    return undefined;
  }
  if (selected.isEmpty) {
    problems.add('job_selects_nothing', subject, `selection ${job.selection.toString()} selects no asset`);
    return undefined;
  }
  // With a cycle (reported once for the graph) there is no topological order: key order
  // is enough, these definitions will be refused anyway.
  const keys = graph.findCycle() === undefined ? graph.topologicalOrder(selected) : graph.keysOf(selected);
  const nodes = keys.map((key) => graph.node(key));
  let partitions = job.partitions as PartitionsDefinition | undefined;
  if (partitions === undefined) {
    const distinct = new Map<string, { definition: PartitionsDefinition; keys: string[] }>();
    for (const node of nodes) {
      if (node.partitions === undefined) continue;
      const text = canonicalJson(partitionsToJson(node.partitions));
      const entry = distinct.get(text) ?? { definition: node.partitions, keys: [] };
      entry.keys.push(node.keyString);
      distinct.set(text, entry);
    }
    if (distinct.size > 1) {
      const listed = [...distinct.values()].map((entry) => `${entry.keys.slice(0, 3).join(', ')}${entry.keys.length > 3 ? ', ...' : ''}`);
      problems.add('job_mixed_partitions', subject, `selects assets with ${distinct.size} different partitions definitions (${listed.join(' | ')}); give the job its partitions or split it`);
    }
    partitions = [...distinct.values()][0]?.definition;
  }
  const entries: ConfigEntry[] = [];
  const seen = new Set<string>();
  for (const node of nodes) {
    const definition = node.definition;
    if ((definition.kind === 'asset' || definition.kind === 'multi_asset') && definition.configSchema !== undefined && !seen.has(definition.name)) {
      seen.add(definition.name);
      entries.push({ path: [definition.name], schema: definition.configSchema });
    }
  }
  const checkKeys = nodes.flatMap((node) => (checksByAsset.get(node.keyString) ?? []).map((check) => check.checkKey)).sort();
  const resolved: ResolvedAssetJob = {
    ...finishBase(job, implicit, partitions, entries),
    kind: 'asset_job',
    definition: job,
    assetKeys: keys,
    checkKeys,
  };
  checkDefaultConfig(resolved, problems);
  return resolved;
}

function checkDefaultConfig(job: ResolvedJob, problems: ProblemList): void {
  if (job.defaultRunConfig === undefined) return;
  try {
    job.parseRunConfig({});
  } catch (error) {
    problems.add('invalid_default_run_config', `job ${job.name}`, (error as Error).message);
  }
}

/** `a/b` strings of keys (for messages and the snapshot). */
export function keyStrings(keys: readonly AssetKey[]): string[] {
  return keys.map((key) => formatAssetKey(key));
}
