import type { AssetSelectionLike } from '@orrery/core';
import type { Logger } from '../assets/context.js';
import { InvalidDefinitionError } from '../errors.js';
import { assertName, normalizeTags } from '../internal/names.js';
import { resourceKeysOf, type MaybePromise, type ResourceInstances, type ResourcesShape } from '../internal/types.js';
import type { JobDefinition } from '../jobs/job.js';
import { targetJobName, toDefaultStatus, toTarget, type DefaultStatus, type InstigatorTarget } from '../schedules/target.js';
import { normalizeSensorResult, type SensorEvaluation, type SensorReturn } from './sensor-result.js';

/** Default minimum interval between two evaluations of a sensor, in seconds (Dagster's 30). */
export const DEFAULT_SENSOR_INTERVAL_SECONDS = 30;

/** Options every kind of sensor shares. */
export interface SensorBaseOptions<R extends ResourcesShape> {
  /** `[A-Za-z0-9_]+`, unique among schedules and sensors. */
  readonly name: string;
  /** Seconds between two evaluations, at least. Default 30. */
  readonly minimumIntervalSeconds?: number;
  /** Default `STOPPED`. */
  readonly defaultStatus?: DefaultStatus;
  readonly description?: string;
  /** Tags of every run the sensor requests. */
  readonly tags?: Readonly<Record<string, string>>;
  readonly resources?: R;
}

/** Options of {@link sensor}. */
export interface SensorOptions<R extends ResourcesShape> extends SensorBaseOptions<R> {
  readonly job?: JobDefinition | string;
  /** Assets to materialize (an implicit asset job), instead of `job`. */
  readonly selection?: AssetSelectionLike;
}

/** What a sensor function sees. */
export interface SensorContext<Resources = Readonly<Record<string, unknown>>> {
  readonly sensorName: string;
  /** The cursor stored by the previous tick; undefined on the first. */
  readonly cursor: string | undefined;
  /** When the previous tick ran. */
  readonly lastTickAt: Date | undefined;
  readonly log: Logger;
  readonly resources: Resources;
  /** Sets the cursor stored with this tick (a returned `cursor` wins). */
  updateCursor(cursor: string): void;
}

/** How the executor calls a standard sensor's function. */
export type SensorFn = (context: SensorContext) => MaybePromise<SensorReturn>;

/** Fields every sensor has. */
export interface SensorDefinitionBase {
  readonly kind: 'sensor';
  readonly name: string;
  readonly minimumIntervalSeconds: number;
  /** What requested runs run; undefined for a run-status sensor without `requestJob`. */
  readonly target: InstigatorTarget | undefined;
  readonly defaultStatus: DefaultStatus;
  readonly description: string | undefined;
  readonly tags: Readonly<Record<string, string>>;
  readonly resourceKeys: readonly string[];
}

/** A sensor polling anything, with a cursor (Dagster's `@sensor`). */
export interface StandardSensorDefinition extends SensorDefinitionBase {
  readonly sensorType: 'standard';
  readonly fn: SensorFn;
}

/** Shared option handling of every sensor kind. */
export function sensorBase(
  options: SensorBaseOptions<ResourcesShape> & { readonly job?: JobDefinition | string; readonly selection?: AssetSelectionLike },
  targetOptional: boolean,
): SensorDefinitionBase {
  const name = assertName('sensor', options.name);
  const what = `sensor ${name}`;
  const interval = options.minimumIntervalSeconds ?? DEFAULT_SENSOR_INTERVAL_SECONDS;
  if (!Number.isFinite(interval) || interval <= 0) throw new InvalidDefinitionError(what, 'minimumIntervalSeconds is a positive number');
  return {
    kind: 'sensor',
    name,
    minimumIntervalSeconds: interval,
    target: toTarget(what, options, targetOptional),
    defaultStatus: toDefaultStatus(what, options.defaultStatus),
    description: options.description,
    tags: normalizeTags(what, options.tags),
    resourceKeys: resourceKeysOf(options.resources),
  };
}

/**
 * Defines a sensor: every `minimumIntervalSeconds`, `fn` looks at the world (from
 * `context.cursor`) and returns run requests (deduplicated by `runKey`), `skip(reason)`, or
 * a `SensorResult` with a new cursor and dynamic partitions requests.
 */
export function sensor<R extends ResourcesShape = {}>( // eslint-disable-line @typescript-eslint/no-empty-object-type -- no resources by default
  options: SensorOptions<R>,
  fn: (context: SensorContext<ResourceInstances<R>>) => MaybePromise<SensorReturn>,
): StandardSensorDefinition {
  const base = sensorBase(options, false);
  if (typeof fn !== 'function') throw new InvalidDefinitionError(`sensor ${base.name}`, 'the sensor function is missing');
  return Object.freeze({ ...base, sensorType: 'standard', fn: fn as unknown as SensorFn });
}

/** Inputs of {@link evaluateSensor}, given by the executor. */
export interface SensorEvaluationInput {
  readonly cursor: string | undefined;
  readonly lastTickAt?: Date;
  readonly log: Logger;
  readonly resources?: Readonly<Record<string, unknown>>;
}

/** Default tags and job of a sensor's run requests. */
export function sensorRequestDefaults(definition: SensorDefinitionBase): { jobName: string; tags: Record<string, string> } {
  return {
    jobName: definition.target === undefined ? '' : targetJobName(definition.name, definition.target),
    tags: { ...definition.tags, 'orrery/sensor_name': definition.name },
  };
}

/** Evaluates one tick of a standard sensor. Throws what the function throws, or InvalidUserResultError. */
export async function evaluateSensor(definition: StandardSensorDefinition, input: SensorEvaluationInput): Promise<SensorEvaluation> {
  let cursor = input.cursor;
  const returned = await definition.fn({
    sensorName: definition.name,
    cursor: input.cursor,
    lastTickAt: input.lastTickAt,
    log: input.log,
    resources: input.resources ?? {},
    updateCursor: (next) => {
      cursor = next;
    },
  });
  return normalizeSensorResult(`sensor ${definition.name}`, returned, sensorRequestDefaults(definition), cursor);
}
