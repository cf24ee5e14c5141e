import { RUN_STATUSES, type RunStatus } from '@orrery/core';
import type { Logger } from '../assets/context.js';
import { InvalidDefinitionError, InvalidUserResultError } from '../errors.js';
import type { MaybePromise, ResourceInstances, ResourcesShape } from '../internal/types.js';
import type { JobDefinition } from '../jobs/job.js';
import type { RunRequest, SkipReason } from '../schedules/run-request.js';
import { sensorBase, sensorRequestDefaults, type SensorBaseOptions, type SensorDefinitionBase } from './sensor.js';
import { normalizeSensorResult, type SensorEvaluation } from './sensor-result.js';

/** The run whose status change fired a run-status sensor. */
export interface RunStatusSensorRun {
  readonly runId: string;
  readonly jobName: string;
  readonly status: RunStatus;
  readonly tags: Readonly<Record<string, string>>;
  readonly partitionKey: string | undefined;
}

/** What a run-status sensor's function sees. */
export interface RunStatusSensorContext<Resources = Readonly<Record<string, unknown>>> {
  readonly sensorName: string;
  readonly run: RunStatusSensorRun;
  /** For FAILURE: the failure's message (the run's failure event). */
  readonly failure: { readonly message: string; readonly reason?: string } | undefined;
  readonly log: Logger;
  readonly resources: Resources;
}

/** What a run-status sensor function may return: requests for `requestJob`, a skip, or nothing. */
export type RunStatusSensorReturn = RunRequest | Iterable<RunRequest> | SkipReason | void | undefined;

/** How the executor calls a run-status sensor's function. */
export type RunStatusSensorFn = (context: RunStatusSensorContext) => MaybePromise<RunStatusSensorReturn>;

/** Options of {@link runStatusSensor}. */
export interface RunStatusSensorOptions<R extends ResourcesShape> extends SensorBaseOptions<R> {
  /** The status that fires the sensor, e.g. `SUCCESS` or `FAILURE`. */
  readonly runStatus: RunStatus;
  /** Jobs watched (definitions or names). Default: every job of the code location. */
  readonly monitoredJobs?: readonly (JobDefinition | string)[];
  /** The job run requests launch (Dagster's `request_job`). */
  readonly requestJob?: JobDefinition | string;
}

/** A sensor firing when runs of watched jobs reach a status (Dagster's `@run_status_sensor`). */
export interface RunStatusSensorDefinition extends SensorDefinitionBase {
  readonly sensorType: 'run_status';
  readonly runStatus: RunStatus;
  /** Undefined: every job of the location. */
  readonly monitoredJobs: readonly (JobDefinition | string)[] | undefined;
  readonly fn: RunStatusSensorFn;
}

/**
 * Defines a run-status sensor. The sensor service walks run status events after the
 * cursor it manages and calls `fn` once per matching run.
 */
export function runStatusSensor<R extends ResourcesShape = {}>( // eslint-disable-line @typescript-eslint/no-empty-object-type -- no resources by default
  options: RunStatusSensorOptions<R>,
  fn: (context: RunStatusSensorContext<ResourceInstances<R>>) => MaybePromise<RunStatusSensorReturn>,
): RunStatusSensorDefinition {
  const base = sensorBase({ ...options, job: options.requestJob }, true);
  const what = `sensor ${base.name}`;
  if (!(RUN_STATUSES as readonly string[]).includes(options.runStatus)) {
    throw new InvalidDefinitionError(what, `runStatus must be one of ${RUN_STATUSES.join(', ')}`);
  }
  if (typeof fn !== 'function') throw new InvalidDefinitionError(what, 'the sensor function is missing');
  return Object.freeze({
    ...base,
    sensorType: 'run_status',
    runStatus: options.runStatus,
    monitoredJobs: options.monitoredJobs === undefined ? undefined : [...options.monitoredJobs],
    fn: fn as unknown as RunStatusSensorFn,
  });
}

/** A run-status sensor on FAILURE (Dagster's `@run_failure_sensor`). */
export function runFailureSensor<R extends ResourcesShape = {}>( // eslint-disable-line @typescript-eslint/no-empty-object-type -- no resources by default
  options: Omit<RunStatusSensorOptions<R>, 'runStatus'>,
  fn: (context: RunStatusSensorContext<ResourceInstances<R>>) => MaybePromise<RunStatusSensorReturn>,
): RunStatusSensorDefinition {
  return runStatusSensor({ ...options, runStatus: 'FAILURE' }, fn);
}

/** Inputs of {@link evaluateRunStatusSensor}: one run that reached the status. */
export interface RunStatusSensorEvaluationInput {
  readonly run: RunStatusSensorRun;
  readonly failure?: { readonly message: string; readonly reason?: string };
  readonly log: Logger;
  readonly resources?: Readonly<Record<string, unknown>>;
}

/**
 * Evaluates the sensor for one run. Run requests need a `requestJob`; the cursor is the
 * sensor service's (the result's cursor is always undefined).
 */
export async function evaluateRunStatusSensor(
  definition: RunStatusSensorDefinition,
  input: RunStatusSensorEvaluationInput,
): Promise<SensorEvaluation> {
  const returned = await definition.fn({
    sensorName: definition.name,
    run: input.run,
    failure: input.failure,
    log: input.log,
    resources: input.resources ?? {},
  });
  const evaluation = normalizeSensorResult(`sensor ${definition.name}`, returned, sensorRequestDefaults(definition), undefined);
  if (evaluation.runRequests.length > 0 && definition.target === undefined) {
    throw new InvalidUserResultError(`sensor ${definition.name}`, 'returned run requests but has no requestJob');
  }
  return evaluation;
}
