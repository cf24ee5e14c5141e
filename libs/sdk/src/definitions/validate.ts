import { compileCronSchedule, formatAssetKey, formatAssetGraphProblem, type AssetGraph } from '@orrery/core';
import { cronsOfCondition } from '../automation/automation-condition.js';
import { DEFAULT_IO_MANAGER_KEY } from '../io/io-manager.js';
import { formatResourceCycle, resourceGraphProblems } from '../resources/resource-graph.js';
import type { AssetNode } from './asset-nodes.js';
import type { Collected } from './collect.js';
import type { ExecutorOptions } from './definitions-options.js';
import type { ProblemList } from './definitions-error.js';
import { partitionMappingProblem } from './partition-mapping-check.js';

/** Graph problems (duplicates, missing deps, cycles), step names, checks, mappings, automation crons. */
export function validateAssets(collected: Collected, graph: AssetGraph<AssetNode>, problems: ProblemList): void {
  for (const problem of graph.problems()) {
    const first = problem.type === 'cycle' ? problem.path[0] : problem.type === 'invalid_key' ? (problem.dependent ?? problem.key) : problem.key;
    const subject = `asset ${formatAssetKey(first ?? [])}`;
    const code = problem.type === 'cycle' ? 'asset_cycle' : problem.type === 'duplicate_key' ? 'duplicate_asset_key' : problem.type;
    problems.add(code, subject, formatAssetGraphProblem(problem).replace(/^asset \S+ /, ''));
  }
  const stepNames = new Map<string, string>();
  for (const definition of collected.assets) {
    if (definition.kind === 'external') continue;
    const known = stepNames.get(definition.name);
    const keys = definition.keys.map((key) => formatAssetKey(key)).join(', ');
    if (known !== undefined && known !== keys) {
      problems.add('duplicate_step_name', `asset ${keys}`, `its step name ${definition.name} is also the step name of ${known}`);
    }
    stepNames.set(definition.name, keys);
  }
  for (const check of collected.checks) {
    const subject = `asset check ${check.checkKey}`;
    if (!graph.has(check.assetKey)) problems.add('check_unknown_asset', subject, `checks asset ${formatAssetKey(check.assetKey)}, which is not defined`);
    for (const dep of check.additionalDeps) {
      if (!graph.has(dep.key)) problems.add('missing_dependency', subject, `depends on ${formatAssetKey(dep.key)}, which is not defined`);
    }
  }
  for (const node of graph.nodes) {
    for (const dependency of node.dependencies) {
      const upstream = graph.has(dependency.key) ? graph.node(dependency.key) : undefined;
      if (upstream === undefined) continue;
      const problem = partitionMappingProblem(dependency.partitionMapping, upstream.partitions, node.partitions);
      if (problem !== undefined) {
        problems.add('incompatible_partition_mapping', `asset ${node.keyString}`, `dependency on ${upstream.keyString}: ${problem}`);
      }
    }
    if (node.spec.automation !== undefined) {
      for (const { cron, timezone } of cronsOfCondition(node.spec.automation)) {
        const message = cronProblem([cron], timezone);
        if (message !== undefined) problems.add('invalid_cron', `asset ${node.keyString}`, `automation condition: ${message}`);
      }
    }
  }
}

/** Resource dependency problems, config problems, and every reference to an unknown resource key. */
export function validateResources(collected: Collected, problems: ProblemList): void {
  const { resources } = collected;
  for (const problem of resourceGraphProblems(Object.fromEntries(resources))) {
    if (problem.type === 'cycle') problems.add('resource_cycle', `resource ${problem.path[0]}`, `dependency cycle: ${formatResourceCycle(problem.path)}`);
    else problems.add('unknown_resource', `resource ${problem.resource}`, `depends on resource ${problem.dependency}, which is not provided`);
  }
  for (const [key, definition] of resources) {
    for (const issue of definition.checkConfig()) problems.add('invalid_resource_config', `resource ${key}`, issue);
    try {
      definition.configJson();
    } catch (error) {
      problems.add('invalid_resource_config', `resource ${key}`, `config is not JSON: ${(error as Error).message}`);
    }
  }
  const need = (subject: string, keys: Iterable<string>, what: 'resource' | 'IO manager' = 'resource') => {
    for (const key of keys) {
      const bound = resources.get(key);
      if (bound === undefined) problems.add('unknown_resource', subject, `needs ${what} ${JSON.stringify(key)}, which is not provided`);
      // A plain value is known not to be an IO manager; a resource() may build one, unchecked.
      else if (what === 'IO manager' && bound.fromValue && bound.role !== 'io_manager') {
        problems.add('not_an_io_manager', subject, `IO manager ${JSON.stringify(key)} is a value without handleOutput and loadInput`);
      }
    }
  };
  for (const definition of collected.assets) {
    const subject = `asset ${definition.keys.map((key) => formatAssetKey(key)).join(', ')}`;
    if (definition.kind !== 'external') need(subject, definition.resourceKeys);
    // The default key always exists (the filesystem IO manager is bound when missing).
    need(subject, definition.specs.map((spec) => spec.ioManagerKey).filter((key) => key !== DEFAULT_IO_MANAGER_KEY), 'IO manager');
  }
  for (const check of collected.checks) need(`asset check ${check.checkKey}`, check.resourceKeys);
  for (const job of collected.jobs) {
    if (job.kind !== 'op_job') continue;
    for (const op of job.ops.values()) {
      need(`op ${op.name} (job ${job.name})`, op.resourceKeys);
      const ioManagers = Object.values(op.outs).flatMap((out) => (out.ioManager === undefined ? [] : [out.ioManager]));
      need(`op ${op.name} (job ${job.name})`, ioManagers, 'IO manager');
    }
  }
  for (const schedule of collected.schedules) need(`schedule ${schedule.name}`, schedule.resourceKeys);
  for (const sensor of collected.sensors) need(`sensor ${sensor.name}`, sensor.resourceKeys);
}

/** Crons and time zones, targets of schedules and sensors, monitored jobs and assets. */
export function validateInstigators(collected: Collected, graph: AssetGraph<AssetNode>, problems: ProblemList): void {
  const jobNames = new Set(collected.jobs.map((job) => job.name));
  const needJob = (subject: string, job: unknown, role: string) => {
    const name = typeof job === 'string' ? job : (job as { name: string }).name;
    if (!jobNames.has(name)) problems.add('unknown_job', subject, `${role} ${JSON.stringify(name)} is not defined`);
  };
  for (const schedule of collected.schedules) {
    const subject = `schedule ${schedule.name}`;
    const message = cronProblem(schedule.crons, schedule.timezone);
    if (message !== undefined) problems.add('invalid_cron', subject, message);
    if (schedule.target.kind === 'job') needJob(subject, schedule.target.job, 'targets job');
  }
  for (const sensor of collected.sensors) {
    const subject = `sensor ${sensor.name}`;
    if (sensor.target?.kind === 'job') needJob(subject, sensor.target.job, sensor.sensorType === 'run_status' ? 'request job' : 'targets job');
    if (sensor.sensorType === 'asset' && !graph.has(sensor.assetKey)) {
      problems.add('unknown_asset', subject, `monitors asset ${formatAssetKey(sensor.assetKey)}, which is not defined`);
    }
    if (sensor.sensorType === 'run_status') for (const job of sensor.monitoredJobs ?? []) needJob(subject, job, 'monitors job');
  }
}

/** Executor options. */
export function validateExecutor(executor: ExecutorOptions | undefined, problems: ProblemList): void {
  if (executor === undefined) return;
  const { maxConcurrency, isolation } = executor;
  if (maxConcurrency !== undefined && !(Number.isSafeInteger(maxConcurrency) && maxConcurrency > 0)) {
    problems.add('invalid_executor', 'executor', `maxConcurrency must be a positive integer, got ${maxConcurrency}`);
  }
  if (isolation !== undefined && isolation !== 'in_process' && isolation !== 'process') {
    problems.add('invalid_executor', 'executor', `isolation must be in_process or process, got ${JSON.stringify(isolation)}`);
  }
}

/** Core's validation of crons and a time zone, as a message (undefined when valid). */
export function cronProblem(crons: readonly string[], timezone: string): string | undefined {
  try {
    compileCronSchedule({ crons, timezone });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
