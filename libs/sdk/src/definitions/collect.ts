import { checkKeyOf, type AssetCheckDefinition } from '../assets/asset-check.js';
import type { AnyAssetsDefinition } from '../assets/assets-definition.js';
import { filesystemIOManager } from '../io/filesystem-io-manager.js';
import { DEFAULT_IO_MANAGER_KEY } from '../io/io-manager.js';
import { defineAssetJob, type JobDefinition } from '../jobs/job.js';
import { isResourceDefinition, valueResource, type ResourceDefinition } from '../resources/resource.js';
import type { ScheduleDefinition } from '../schedules/schedule.js';
import { implicitJobName, type InstigatorTarget } from '../schedules/target.js';
import type { DefinitionsOptions, SensorDefinition } from './definitions-options.js';
import type { ProblemList } from './definitions-error.js';

/** Definitions gathered from the options, deduplicated, with implicit jobs and the default IO manager added. */
export interface Collected {
  readonly assets: AnyAssetsDefinition[];
  readonly checks: AssetCheckDefinition[];
  readonly jobs: JobDefinition[];
  /** Names of the implicit asset jobs of schedules and sensors targeting selections. */
  readonly implicitJobs: Set<string>;
  readonly schedules: ScheduleDefinition[];
  readonly sensors: SensorDefinition[];
  readonly resources: Map<string, ResourceDefinition>;
  /** True when `io_manager` was not given and the filesystem IO manager was bound. */
  readonly defaultIoManager: boolean;
}

/**
 * Gathers the definitions: the same object given twice counts once; two different
 * objects with one name are a problem. Jobs referenced by schedules and sensors are added;
 * selections get an implicit asset job.
 */
export function collectDefinitions(options: DefinitionsOptions, problems: ProblemList): Collected {
  const assets = unique(options.assets ?? []);
  const checks = uniqueByName(options.assetChecks ?? [], (check) => check.checkKey, 'duplicate_check', (key) => `asset check ${key}`, problems);
  // Checks declared in asset specs share the namespace of assetCheck() definitions.
  const declared = new Set(checks.map((check) => check.checkKey));
  for (const definition of assets) {
    for (const spec of definition.specs) {
      for (const check of spec.checks) {
        const key = checkKeyOf(spec.key, check.name);
        if (declared.has(key)) problems.add('duplicate_check', `asset check ${key}`, 'is defined both in the asset and by assetCheck()');
        declared.add(key);
      }
    }
  }
  const jobs = [...unique(options.jobs ?? [])];
  const implicitJobs = new Set<string>();
  const schedules = uniqueByName(unique(options.schedules ?? []), (s) => s.name, 'duplicate_schedule', (name) => `schedule ${name}`, problems);
  const sensors = uniqueByName(unique(options.sensors ?? []), (s) => s.name, 'duplicate_sensor', (name) => `sensor ${name}`, problems);
  const instigatorNames = new Set(schedules.map((s) => s.name));
  for (const sensor of sensors) {
    if (instigatorNames.has(sensor.name)) problems.add('duplicate_instigator', `sensor ${sensor.name}`, 'a schedule has the same name (schedules and sensors share one namespace)');
  }
  const addTarget = (name: string, target: InstigatorTarget | undefined) => {
    if (target === undefined) return;
    if (target.kind === 'selection') {
      jobs.push(defineAssetJob({ name: implicitJobName(name), selection: target.selection }));
      implicitJobs.add(implicitJobName(name));
    } else if (typeof target.job !== 'string' && !jobs.includes(target.job)) jobs.push(target.job);
  };
  for (const schedule of schedules) addTarget(schedule.name, schedule.target);
  for (const sensor of sensors) {
    addTarget(sensor.name, sensor.target);
    if (sensor.sensorType === 'run_status') {
      for (const monitored of sensor.monitoredJobs ?? []) if (typeof monitored !== 'string' && !jobs.includes(monitored)) jobs.push(monitored);
    }
  }
  const uniqueJobs = uniqueByName(jobs, (job) => job.name, 'duplicate_job', (name) => `job ${name}`, problems);

  const resources = new Map<string, ResourceDefinition>();
  for (const key of Object.keys(options.resources ?? {}).sort()) {
    const value = options.resources![key];
    resources.set(key, isResourceDefinition(value) ? value : valueResource(value));
  }
  const defaultIoManager = !resources.has(DEFAULT_IO_MANAGER_KEY);
  if (defaultIoManager) resources.set(DEFAULT_IO_MANAGER_KEY, filesystemIOManager() as unknown as ResourceDefinition);
  return { assets, checks, jobs: uniqueJobs, implicitJobs, schedules, sensors, resources, defaultIoManager };
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function uniqueByName<T>(
  items: readonly T[],
  nameOf: (item: T) => string,
  code: string,
  subject: (name: string) => string,
  problems: ProblemList,
): T[] {
  const byName = new Map<string, T>();
  for (const item of items) {
    const name = nameOf(item);
    const known = byName.get(name);
    if (known === undefined) byName.set(name, item);
    else if (known !== item) problems.add(code, subject(name), 'is defined more than once');
  }
  return [...byName.values()];
}
