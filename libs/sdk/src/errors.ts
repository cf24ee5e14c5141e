import { OrreryError } from '@orrery/contracts';

/** Details of {@link InvalidDefinitionError}. */
export interface InvalidDefinitionDetails {
  /** What was being defined, e.g. `asset raw/orders`, `op transform`, `job etl`. */
  readonly definition: string;
  readonly reason: string;
}

/**
 * Thrown when one definition is malformed on its own, as soon as it is constructed (a bad
 * name, an op invoked outside a job, conflicting options). Problems that need the whole
 * set of definitions (missing deps, cycles, unknown resources) are collected instead and
 * thrown together as a `DefinitionsError` by `defineDefinitions()`.
 */
export class InvalidDefinitionError extends OrreryError<'VALIDATION_FAILED', InvalidDefinitionDetails> {
  constructor(
    readonly definition: string,
    readonly reason: string,
    options: { cause?: unknown } = {},
  ) {
    super('VALIDATION_FAILED', {
      message: `invalid ${definition}: ${reason}`,
      details: { definition, reason },
      cause: options.cause,
    });
  }
}

/**
 * Thrown when user code (a schedule or sensor function, an asset function) returns
 * something Orrery cannot interpret. USER_CODE_ERROR: Orrery worked, the code did not.
 */
export class InvalidUserResultError extends OrreryError<'USER_CODE_ERROR', InvalidDefinitionDetails> {
  constructor(
    readonly definition: string,
    readonly reason: string,
  ) {
    super('USER_CODE_ERROR', { message: `${definition} returned an invalid result: ${reason}`, details: { definition, reason } });
  }
}
