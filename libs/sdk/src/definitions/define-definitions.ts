import { AssetGraph, formatAssetKey } from '@orrery/core';
import type { AssetCheckDefinition } from '../assets/asset-check.js';
import { buildAssetNodes } from './asset-nodes.js';
import { buildSnapshot } from './build-snapshot.js';
import { collectDefinitions } from './collect.js';
import { DefinitionsError, ProblemList } from './definitions-error.js';
import type { DefinitionsOptions } from './definitions-options.js';
import { Definitions } from './definitions.js';
import { resolveAssetJob, resolveOpJob, type ResolvedJob } from './resolve-jobs.js';
import { validateAssets, validateExecutor, validateInstigators, validateResources } from './validate.js';

/**
 * Loads a code location's definitions (Dagster's `Definitions`): validates the whole set
 * and returns the read-only {@link Definitions} with its snapshot.
 *
 * @throws DefinitionsError listing every problem (duplicate keys and names, cycles with
 * their path, missing deps, unknown resources, resource cycles, invalid crons and time
 * zones, incompatible partition mappings, checks of unknown assets, jobs selecting
 * nothing, schedules and sensors targeting unknown jobs).
 */
export function defineDefinitions(options: DefinitionsOptions = {}): Definitions {
  const problems = new ProblemList();
  const collected = collectDefinitions(options, problems);
  const nodes = buildAssetNodes(collected.assets);
  const graph = AssetGraph.build(nodes);
  validateAssets(collected, graph, problems);
  validateResources(collected, problems);
  validateInstigators(collected, graph, problems);
  validateExecutor(options.executor, problems);

  const checksByAsset = new Map<string, AssetCheckDefinition[]>();
  for (const check of collected.checks) {
    const key = formatAssetKey(check.assetKey);
    checksByAsset.set(key, [...(checksByAsset.get(key) ?? []), check]);
  }
  const jobs: ResolvedJob[] = [];
  for (const job of collected.jobs) {
    const resolved =
      job.kind === 'op_job'
        ? resolveOpJob(job, problems)
        : resolveAssetJob(job, collected.implicitJobs.has(job.name), graph, checksByAsset, problems);
    if (resolved !== undefined) jobs.push(resolved);
  }
  if (problems.size > 0) throw new DefinitionsError(problems.sorted());

  const executor = { isolation: options.executor?.isolation ?? 'in_process', maxConcurrency: options.executor?.maxConcurrency } as const;
  return new Definitions({
    assetsDefinitions: collected.assets,
    graph,
    assetChecks: collected.checks,
    jobs,
    schedules: collected.schedules,
    sensors: collected.sensors,
    resources: collected.resources,
    executor,
    snapshot: buildSnapshot({ nodes: graph.nodes, collected, jobs, executor: options.executor }),
  });
}
