import { InvalidUserResultError } from '../errors.js';
import { canonicalize, type Json } from '../internal/canonical-json.js';

/**
 * A request for one run, returned by a schedule or sensor (Dagster's RunRequest). Runs
 * target the schedule's or sensor's job.
 */
export interface RunRequest {
  /**
   * Deduplication key: the sensor service never launches two runs with the same run key
   * for one sensor (schedule ticks are already claimed once per tick time).
   */
  readonly runKey?: string;
  /** Run config merged over the job's default run config. */
  readonly runConfig?: Readonly<Record<string, unknown>>;
  /** Tags added to the run (over the schedule's or sensor's tags). */
  readonly tags?: Readonly<Record<string, string>>;
  /** The partition to run, for partitioned jobs. */
  readonly partitionKey?: string;
}

const skipBrand = Symbol('orrery.skip');

/** "Nothing to do this tick", with a reason shown on the tick (Dagster's SkipReason). */
export interface SkipReason {
  readonly [skipBrand]: true;
  readonly reason: string | undefined;
}

/** Skips the tick, recording `reason`. */
export function skip(reason?: string): SkipReason {
  return Object.freeze({ [skipBrand]: true as const, reason });
}

/** True for a value built by {@link skip}. */
export function isSkipReason(value: unknown): value is SkipReason {
  return typeof value === 'object' && value !== null && skipBrand in value;
}

/** A run request ready to submit: plain JSON, the shape of the contracts' `runRequestSchema`. */
export interface NormalizedRunRequest {
  readonly jobName: string;
  readonly runKey?: string;
  readonly partitionKey?: string;
  readonly runConfig: Record<string, Json>;
  readonly tags: Record<string, string>;
}

/** Defaults a run request inherits from its schedule or sensor. */
export interface RunRequestDefaults {
  readonly jobName: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly runConfig?: Readonly<Record<string, unknown>>;
}

/**
 * Validates one run request and fills its defaults. Throws {@link InvalidUserResultError}
 * naming `definition` for fields of the wrong type or a run config that is not JSON.
 */
export function normalizeRunRequest(definition: string, request: unknown, defaults: RunRequestDefaults): NormalizedRunRequest {
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    throw new InvalidUserResultError(definition, `a run request is an object, got ${describe(request)}`);
  }
  const { runKey, runConfig, tags, partitionKey } = request as Record<string, unknown>;
  if (runKey !== undefined && (typeof runKey !== 'string' || runKey === '')) {
    throw new InvalidUserResultError(definition, 'runKey must be a non-empty string');
  }
  if (partitionKey !== undefined && typeof partitionKey !== 'string') {
    throw new InvalidUserResultError(definition, 'partitionKey must be a string');
  }
  if (tags !== undefined && (typeof tags !== 'object' || tags === null || Object.values(tags).some((v) => typeof v !== 'string'))) {
    throw new InvalidUserResultError(definition, 'tags must be a record of strings');
  }
  let config: Record<string, Json>;
  try {
    config = canonicalize({ ...(defaults.runConfig ?? {}), ...((runConfig as Record<string, unknown> | undefined) ?? {}) }) as Record<string, Json>;
  } catch (error) {
    throw new InvalidUserResultError(definition, `runConfig is not JSON: ${(error as Error).message}`);
  }
  return {
    jobName: defaults.jobName,
    ...(runKey === undefined ? {} : { runKey }),
    ...(partitionKey === undefined ? {} : { partitionKey }),
    runConfig: config,
    tags: { ...defaults.tags, ...((tags as Record<string, string> | undefined) ?? {}) },
  };
}

/** Run requests, a skip reason, or nothing: what schedule functions return. */
export interface RunRequestsOrSkip {
  readonly runRequests: readonly NormalizedRunRequest[];
  readonly skipReason?: string;
}

/**
 * Interprets a returned `RunRequest`, list (or iterable) of them, `skip(reason)` or
 * nothing (an empty result: the tick is skipped without a reason).
 */
export function normalizeRequests(definition: string, returned: unknown, defaults: RunRequestDefaults): RunRequestsOrSkip {
  if (returned === undefined || returned === null) return { runRequests: [] };
  if (isSkipReason(returned)) return returned.reason === undefined ? { runRequests: [] } : { runRequests: [], skipReason: returned.reason };
  const list = isIterableObject(returned) ? [...returned] : [returned];
  const skipped = list.find(isSkipReason);
  if (skipped !== undefined) {
    throw new InvalidUserResultError(definition, 'return either run requests or skip(reason), not both');
  }
  return { runRequests: list.map((request) => normalizeRunRequest(definition, request, defaults)) };
}

function isIterableObject(value: unknown): value is Iterable<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function';
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}
