import { OrreryError } from '@orrery/contracts';

/** Details of {@link InvalidPartitionsDefinitionError}. */
export interface InvalidPartitionsDefinitionDetails {
  /** The option at fault, e.g. `cron`, `timezone`, `fmt`, `dimensions.color`. */
  readonly field: string;
  readonly reason: string;
}

/**
 * Thrown when a partitions definition is built from invalid options (an unknown time zone, a
 * cron that never fires, a key format that cannot tell partitions apart, two time dimensions).
 */
export class InvalidPartitionsDefinitionError extends OrreryError<'VALIDATION_FAILED', InvalidPartitionsDefinitionDetails> {
  readonly field: string;
  readonly reason: string;

  constructor(field: string, reason: string, options: { cause?: unknown } = {}) {
    super('VALIDATION_FAILED', { message: `invalid partitions definition: ${field}: ${reason}`, details: { field, reason }, cause: options.cause });
    this.field = field;
    this.reason = reason;
  }
}

/** One rejected partition key and why. */
export interface PartitionKeyProblem {
  readonly key: string;
  readonly problem: string;
}

/** Thrown when partition keys are duplicated, empty or hold a character that breaks keys; names each key. */
export class InvalidPartitionKeysError extends OrreryError<'VALIDATION_FAILED', { problems: PartitionKeyProblem[] }> {
  readonly problems: readonly PartitionKeyProblem[];

  constructor(problems: readonly PartitionKeyProblem[]) {
    const list = problems.map((p) => `${JSON.stringify(p.key)} ${p.problem}`).join('; ');
    super('VALIDATION_FAILED', { message: `invalid partition keys: ${list}`, details: { problems: [...problems] } });
    this.problems = problems;
  }
}

/** Thrown when a key is not a partition of the definition (unknown static key, unparsable time key). */
export class PartitionKeyNotFoundError extends OrreryError<'VALIDATION_FAILED', { key: string; definition: string }> {
  constructor(
    readonly key: string,
    readonly definition: string,
    reason = 'is not a partition of',
  ) {
    super('VALIDATION_FAILED', { message: `partition key ${JSON.stringify(key)} ${reason} ${definition}`, details: { key, definition } });
  }
}

/** Thrown when a {@link PartitionKeyRange}'s start comes after its end. */
export class InvalidPartitionKeyRangeError extends OrreryError<'VALIDATION_FAILED', { start: string; end: string }> {
  constructor(
    readonly start: string,
    readonly end: string,
  ) {
    super('VALIDATION_FAILED', { message: `partition key range ${start}...${end} starts after it ends`, details: { start, end } });
  }
}

/**
 * Thrown when a dynamic partitions definition is evaluated without its keys in the context:
 * the caller must load them (from `dynamic_partitions`) first. A bug of the caller, so INTERNAL.
 */
export class MissingDynamicPartitionsError extends OrreryError<'INTERNAL', { name: string }> {
  /** Name of the dynamic partitions definition. */
  readonly definitionName: string;

  constructor(name: string) {
    super('INTERNAL', { message: `the keys of dynamic partitions ${JSON.stringify(name)} were not supplied`, details: { name } });
    this.definitionName = name;
  }
}

/** Thrown when subsets of different partitions definitions are combined, or subset JSON does not fit its definition. */
export class PartitionsSubsetMismatchError extends OrreryError<'VALIDATION_FAILED', { reason: string }> {
  constructor(readonly reason: string) {
    super('VALIDATION_FAILED', { message: `partitions subsets do not match: ${reason}`, details: { reason } });
  }
}

/** Details of {@link IncompatiblePartitionMappingError}. */
export interface IncompatiblePartitionMappingDetails {
  readonly mapping: string;
  readonly reason: string;
}

/** Thrown by `validatePartitionMapping` (and the mapping functions) when a mapping cannot join two definitions; says why. */
export class IncompatiblePartitionMappingError extends OrreryError<'VALIDATION_FAILED', IncompatiblePartitionMappingDetails> {
  readonly mapping: string;
  readonly reason: string;

  constructor(mapping: string, reason: string) {
    super('VALIDATION_FAILED', { message: `${mapping} partition mapping: ${reason}`, details: { mapping, reason } });
    this.mapping = mapping;
    this.reason = reason;
  }
}
