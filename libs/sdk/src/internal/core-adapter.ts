import { parseRetryPolicy, type RetryPolicy, type RetryPolicyInput } from '@orrery/core';
import { InvalidDefinitionError } from '../errors.js';

// The one place the SDK names core's partitions and retry types: definitions accept
// core's objects as they are (the SDK never re-implements partitions or retry math).
export type { PartitionMapping, PartitionsDefinition, RetryPolicy, RetryPolicyInput } from '@orrery/core';

/** Validates a retry policy option; throws {@link InvalidDefinitionError} naming `what`. */
export function toRetryPolicy(what: string, input: RetryPolicyInput | undefined): RetryPolicy | undefined {
  if (input === undefined) return undefined;
  try {
    return parseRetryPolicy(input);
  } catch (error) {
    throw new InvalidDefinitionError(what, (error as Error).message, { cause: error });
  }
}
