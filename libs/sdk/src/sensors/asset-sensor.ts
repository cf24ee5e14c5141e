import type { AssetKey } from '@orrery/core';
import type { Logger } from '../assets/context.js';
import { refToKey, type AssetRef } from '../assets/asset-spec.js';
import { InvalidDefinitionError } from '../errors.js';
import type { MaybePromise, ResourceInstances, ResourcesShape } from '../internal/types.js';
import type { MetadataValueData } from '../metadata/metadata-value.js';
import { sensorBase, sensorRequestDefaults, type SensorDefinitionBase, type SensorOptions } from './sensor.js';
import { normalizeSensorResult, type SensorEvaluation, type SensorReturn } from './sensor-result.js';

/** A materialization of an asset, as an asset sensor receives it. */
export interface AssetMaterializationEvent {
  /** Id of the event in the event log; the sensor's cursor moves to it. */
  readonly eventId: string;
  readonly runId: string;
  readonly assetKey: AssetKey;
  readonly partitionKey: string | undefined;
  readonly timestamp: Date;
  readonly metadata: Readonly<Record<string, MetadataValueData>>;
  readonly dataVersion: string | undefined;
}

/** What an asset sensor's function sees. */
export interface AssetSensorContext<Resources = Readonly<Record<string, unknown>>> {
  readonly sensorName: string;
  readonly log: Logger;
  readonly resources: Resources;
}

/** How the executor calls an asset sensor's function. */
export type AssetSensorFn = (context: AssetSensorContext, event: AssetMaterializationEvent) => MaybePromise<SensorReturn>;

/** Options of {@link assetSensor}. */
export interface AssetSensorOptions<R extends ResourcesShape> extends SensorOptions<R> {
  /** The monitored asset (definition or key). */
  readonly asset: AssetRef;
}

/** A sensor firing on materializations of one asset (Dagster's `@asset_sensor`). */
export interface AssetSensorDefinition extends SensorDefinitionBase {
  readonly sensorType: 'asset';
  readonly assetKey: AssetKey;
  readonly fn: AssetSensorFn;
}

/**
 * Defines an asset sensor: `fn` runs with each tick's newest materialization of `asset`
 * after the cursor (the cursor is managed for you: it moves to that event).
 */
export function assetSensor<R extends ResourcesShape = {}>( // eslint-disable-line @typescript-eslint/no-empty-object-type -- no resources by default
  options: AssetSensorOptions<R>,
  fn: (context: AssetSensorContext<ResourceInstances<R>>, event: AssetMaterializationEvent) => MaybePromise<SensorReturn>,
): AssetSensorDefinition {
  const base = sensorBase(options, false);
  if (typeof fn !== 'function') throw new InvalidDefinitionError(`sensor ${base.name}`, 'the sensor function is missing');
  return Object.freeze({
    ...base,
    sensorType: 'asset',
    assetKey: refToKey(options.asset, `sensor ${base.name}`),
    fn: fn as unknown as AssetSensorFn,
  });
}

/** Inputs of {@link evaluateAssetSensor}: the newest materialization after the cursor, if any. */
export interface AssetSensorEvaluationInput {
  readonly cursor: string | undefined;
  readonly event: AssetMaterializationEvent | undefined;
  readonly log: Logger;
  readonly resources?: Readonly<Record<string, unknown>>;
}

/**
 * Evaluates one tick: without a new event the tick is skipped and the cursor stays; with
 * one, the function runs and the cursor becomes the event's id.
 */
export async function evaluateAssetSensor(definition: AssetSensorDefinition, input: AssetSensorEvaluationInput): Promise<SensorEvaluation> {
  if (input.event === undefined) {
    return { runRequests: [], skipReason: 'no new materialization', cursor: input.cursor, dynamicPartitionsRequests: [] };
  }
  const returned = await definition.fn({ sensorName: definition.name, log: input.log, resources: input.resources ?? {} }, input.event);
  const evaluation = normalizeSensorResult(`sensor ${definition.name}`, returned, sensorRequestDefaults(definition), input.event.eventId);
  return { ...evaluation, cursor: input.event.eventId };
}
