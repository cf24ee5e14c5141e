import type { AssetSelectionLike } from '@orrery/core';
import type { Logger } from '../assets/context.js';
import { InvalidDefinitionError } from '../errors.js';
import { assertName, normalizeTags } from '../internal/names.js';
import { resourceKeysOf, type MaybePromise, type ResourceInstances, type ResourcesShape } from '../internal/types.js';
import type { JobDefinition } from '../jobs/job.js';
import { normalizeRequests, type RunRequest, type RunRequestsOrSkip, type SkipReason } from './run-request.js';
import { targetJobName, toDefaultStatus, toTarget, type DefaultStatus, type InstigatorTarget } from './target.js';

/** What a schedule function sees. */
export interface ScheduleContext<Resources = Readonly<Record<string, unknown>>> {
  readonly scheduleName: string;
  /** The tick's time (the cron instant, not the time of evaluation). */
  readonly scheduledExecutionTime: Date;
  readonly log: Logger;
  readonly resources: Resources;
}

/** What a schedule function may return. */
export type ScheduleResult = RunRequest | Iterable<RunRequest> | SkipReason | void | undefined;

/** How the executor calls a schedule function. */
export type ScheduleFn = (context: ScheduleContext) => MaybePromise<ScheduleResult>;

/** Options of {@link schedule}. */
export interface ScheduleOptions<R extends ResourcesShape> {
  /** `[A-Za-z0-9_]+`, unique among schedules and sensors. */
  readonly name: string;
  /** Five-field cron or `@daily`-style macro, validated by `defineDefinitions`. */
  readonly cron?: string;
  /** Several crons: the schedule ticks at the union of their instants. */
  readonly crons?: readonly string[];
  /** IANA zone the crons are read in. Default `UTC`. */
  readonly timezone?: string;
  readonly job?: JobDefinition | string;
  /** Assets to materialize (an implicit asset job), instead of `job`. */
  readonly selection?: AssetSelectionLike;
  /** Default `STOPPED`. */
  readonly defaultStatus?: DefaultStatus;
  readonly description?: string;
  /** Tags of every run the schedule requests. */
  readonly tags?: Readonly<Record<string, string>>;
  /** Run config of the default run request (no function) and default of returned ones. */
  readonly runConfig?: Readonly<Record<string, unknown>>;
  /** Resources the function needs, by key. */
  readonly resources?: R;
}

/** A schedule (Dagster's ScheduleDefinition). */
export interface ScheduleDefinition {
  readonly kind: 'schedule';
  readonly name: string;
  /** Cron strings as given (validated by `defineDefinitions`). */
  readonly crons: readonly string[];
  readonly timezone: string;
  readonly target: InstigatorTarget;
  readonly defaultStatus: DefaultStatus;
  readonly description: string | undefined;
  readonly tags: Readonly<Record<string, string>>;
  readonly runConfig: Readonly<Record<string, unknown>> | undefined;
  readonly resourceKeys: readonly string[];
  /** Undefined: every tick requests one run with `runConfig` and `tags`. */
  readonly fn: ScheduleFn | undefined;
  /** Set by `buildScheduleFromPartitionedJob`: how the function finds the tick's partition. */
  readonly partitioned: PartitionedScheduleInfo | undefined;
}

/** Marks a schedule built from a partitioned job (its function is derived). */
export interface PartitionedScheduleInfo {
  readonly job: JobDefinition;
}

/**
 * Defines a schedule. Without `fn`, each tick requests one run of the target; with it,
 * `fn` returns run requests or `skip(reason)`.
 *
 * ```ts
 * schedule({ name: 'nightly', cron: '0 2 * * *', timezone: 'Europe/Paris', job: etl });
 * ```
 */
export function schedule<R extends ResourcesShape = {}>( // eslint-disable-line @typescript-eslint/no-empty-object-type -- no resources by default
  options: ScheduleOptions<R>,
  fn?: (context: ScheduleContext<ResourceInstances<R>>) => MaybePromise<ScheduleResult>,
): ScheduleDefinition {
  return makeSchedule(options, fn as ScheduleFn | undefined, undefined);
}

/** Shared by {@link schedule} and `buildScheduleFromPartitionedJob`. */
export function makeSchedule(
  options: ScheduleOptions<ResourcesShape>,
  fn: ScheduleFn | undefined,
  partitioned: PartitionedScheduleInfo | undefined,
): ScheduleDefinition {
  const name = assertName('schedule', options.name);
  const what = `schedule ${name}`;
  if (options.cron !== undefined && options.crons !== undefined) throw new InvalidDefinitionError(what, 'give cron or crons, not both');
  const crons = options.crons !== undefined ? [...options.crons] : options.cron !== undefined ? [options.cron] : [];
  if (crons.length === 0) throw new InvalidDefinitionError(what, 'a cron is required');
  if (fn !== undefined && typeof fn !== 'function') throw new InvalidDefinitionError(what, 'the schedule function is not a function');
  return Object.freeze({
    kind: 'schedule',
    name,
    crons,
    timezone: options.timezone ?? 'UTC',
    target: toTarget(what, options)!,
    defaultStatus: toDefaultStatus(what, options.defaultStatus),
    description: options.description,
    tags: normalizeTags(what, options.tags),
    runConfig: options.runConfig,
    resourceKeys: resourceKeysOf(options.resources),
    fn,
    partitioned,
  });
}

/** Inputs of {@link evaluateSchedule}, given by the executor. */
export interface ScheduleEvaluationInput {
  readonly scheduledExecutionTime: Date;
  readonly log: Logger;
  /** The schedule's resources, set up by the executor. */
  readonly resources?: Readonly<Record<string, unknown>>;
}

/**
 * Evaluates one tick: runs the function (or builds the default request) and returns
 * normalized run requests for the schedule's job, or a skip reason. Throws what the
 * function throws, or InvalidUserResultError for an unusable result.
 */
export async function evaluateSchedule(definition: ScheduleDefinition, input: ScheduleEvaluationInput): Promise<RunRequestsOrSkip> {
  const defaults = {
    jobName: targetJobName(definition.name, definition.target),
    tags: { ...definition.tags, 'orrery/schedule_name': definition.name },
    runConfig: definition.runConfig,
  };
  if (definition.fn === undefined) return normalizeRequests(`schedule ${definition.name}`, {}, defaults);
  const returned = await definition.fn({
    scheduleName: definition.name,
    scheduledExecutionTime: input.scheduledExecutionTime,
    log: input.log,
    resources: input.resources ?? {},
  });
  return normalizeRequests(`schedule ${definition.name}`, returned, defaults);
}
