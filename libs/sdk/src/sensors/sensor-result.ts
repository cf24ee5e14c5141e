import { InvalidDefinitionError, InvalidUserResultError } from '../errors.js';
import { isSkipReason, normalizeRequests, type NormalizedRunRequest, type RunRequest, type RunRequestDefaults, type SkipReason } from '../schedules/run-request.js';

/** Adds or deletes keys of a dynamic partitions definition (Dagster's DynamicPartitionsRequest). */
export interface DynamicPartitionsRequest {
  readonly type: 'add' | 'delete';
  /** Name of the dynamic partitions definition. */
  readonly partitionsDefName: string;
  readonly partitionKeys: readonly string[];
}

type DynamicDefinitionRef = string | { readonly name: string };

function toRequest(type: 'add' | 'delete', definition: DynamicDefinitionRef, keys: Iterable<string>): DynamicPartitionsRequest {
  const name = typeof definition === 'string' ? definition : definition?.name;
  if (typeof name !== 'string' || name === '') {
    throw new InvalidDefinitionError(`${type}DynamicPartitions`, 'expected a dynamic partitions definition or its name');
  }
  const partitionKeys = [...keys];
  if (partitionKeys.some((key) => typeof key !== 'string' || key === '')) {
    throw new InvalidDefinitionError(`${type}DynamicPartitions(${name})`, 'partition keys are non-empty strings');
  }
  return Object.freeze({ type, partitionsDefName: name, partitionKeys });
}

/** Requests adding `keys` to a dynamic partitions definition (applied before the tick's runs are submitted). */
export function addDynamicPartitions(definition: DynamicDefinitionRef, keys: Iterable<string>): DynamicPartitionsRequest {
  return toRequest('add', definition, keys);
}

/** Requests deleting `keys` from a dynamic partitions definition. */
export function deleteDynamicPartitions(definition: DynamicDefinitionRef, keys: Iterable<string>): DynamicPartitionsRequest {
  return toRequest('delete', definition, keys);
}

/** What a sensor returns when it does more than request runs (Dagster's SensorResult). */
export interface SensorResultInput {
  readonly runRequests?: Iterable<RunRequest>;
  readonly skipReason?: string;
  /** The new cursor, stored with the tick and given to the next evaluation. */
  readonly cursor?: string;
  readonly dynamicPartitionsRequests?: readonly DynamicPartitionsRequest[];
}

/** Builds a sensor result (sugar for returning the plain object). */
export function SensorResult(result: SensorResultInput): SensorResultInput {
  return result;
}

/** A sensor evaluation as the sensor service records it. */
export interface SensorEvaluation {
  readonly runRequests: readonly NormalizedRunRequest[];
  readonly skipReason?: string;
  /** The cursor after the tick (unchanged when the sensor set none). */
  readonly cursor: string | undefined;
  readonly dynamicPartitionsRequests: readonly DynamicPartitionsRequest[];
}

/** What sensor functions may return. */
export type SensorReturn = SensorResultInput | RunRequest | Iterable<RunRequest> | SkipReason | void | undefined;

const resultFields = ['runRequests', 'skipReason', 'cursor', 'dynamicPartitionsRequests'];

/**
 * Interprets what a sensor function returned. `cursor` is the cursor after the function
 * ran (the input cursor, or what it set with `context.updateCursor`); a returned cursor wins.
 */
export function normalizeSensorResult(definition: string, returned: unknown, defaults: RunRequestDefaults, cursor: string | undefined): SensorEvaluation {
  const isResult =
    typeof returned === 'object' &&
    returned !== null &&
    !Array.isArray(returned) &&
    !isSkipReason(returned) &&
    resultFields.some((field) => field in returned);
  if (!isResult) {
    const { runRequests, skipReason } = normalizeRequests(definition, returned, defaults);
    return { runRequests, ...(skipReason === undefined ? {} : { skipReason }), cursor, dynamicPartitionsRequests: [] };
  }
  const result = returned as SensorResultInput;
  if (result.cursor !== undefined && typeof result.cursor !== 'string') throw new InvalidUserResultError(definition, 'cursor must be a string');
  if (result.skipReason !== undefined && typeof result.skipReason !== 'string') throw new InvalidUserResultError(definition, 'skipReason must be a string');
  const { runRequests } = normalizeRequests(definition, result.runRequests === undefined ? [] : [...result.runRequests], defaults);
  if (result.skipReason !== undefined && runRequests.length > 0) {
    throw new InvalidUserResultError(definition, 'return either run requests or a skip reason, not both');
  }
  const requests = result.dynamicPartitionsRequests ?? [];
  if (!Array.isArray(requests) || requests.some((request) => request?.type !== 'add' && request?.type !== 'delete')) {
    throw new InvalidUserResultError(definition, 'dynamicPartitionsRequests holds addDynamicPartitions()/deleteDynamicPartitions() results');
  }
  return {
    runRequests,
    ...(result.skipReason === undefined ? {} : { skipReason: result.skipReason }),
    cursor: result.cursor ?? cursor,
    dynamicPartitionsRequests: requests,
  };
}
