import type { AnyAssetsDefinition } from '../assets/assets-definition.js';
import type { AssetCheckDefinition } from '../assets/asset-check.js';
import type { JobDefinition } from '../jobs/job.js';
import type { ScheduleDefinition } from '../schedules/schedule.js';
import type { AssetSensorDefinition } from '../sensors/asset-sensor.js';
import type { RunStatusSensorDefinition } from '../sensors/run-status-sensor.js';
import type { StandardSensorDefinition } from '../sensors/sensor.js';

/** Any sensor; switch on `sensorType`. */
export type SensorDefinition = StandardSensorDefinition | AssetSensorDefinition | RunStatusSensorDefinition;

/** How the executor runs the steps of a run. */
export interface ExecutorOptions {
  /** Steps of one run running at once. Default: unlimited (bounded by pools). */
  readonly maxConcurrency?: number;
  /** `in_process` (default): steps share the run worker; `process`: each step in a child process. */
  readonly isolation?: 'in_process' | 'process';
}

/** Options of `defineDefinitions` (Dagster's `Definitions`). */
export interface DefinitionsOptions {
  readonly assets?: readonly AnyAssetsDefinition[];
  readonly assetChecks?: readonly AssetCheckDefinition[];
  /** Jobs; jobs targeted by schedules and sensors are added for you. */
  readonly jobs?: readonly JobDefinition[];
  readonly schedules?: readonly ScheduleDefinition[];
  readonly sensors?: readonly SensorDefinition[];
  /**
   * Resources by key: `resource()` definitions or plain values. Without `io_manager`,
   * the filesystem IO manager is bound there (as Dagster).
   */
  readonly resources?: Readonly<Record<string, unknown>>;
  readonly executor?: ExecutorOptions;
}
