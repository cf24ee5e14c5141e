import { COORDINATION_RUN_TAGS, EXECUTION_RUN_TAGS } from '@orrery/core';
import { InvalidRequestError } from './request-errors.js';

/** Prefix of system tags: users may set only {@link USER_SETTABLE_SYSTEM_TAGS} under it. */
export const SYSTEM_TAG_PREFIX = 'orrery/';

/** Tag holding a submission's run key (deduplicated per job). */
export const RUN_KEY_TAG = 'orrery/run_key';

const INTEGER = /^\s*[+-]?\d+\s*$/;
const isInteger = (value: string) => INTEGER.test(value) && Number.isSafeInteger(Number(value));
const isPositiveNumber = (value: string) => value.trim() !== '' && Number.isFinite(Number(value)) && Number(value) > 0;

/**
 * System tags a submission may set, each with what its value must be: the run-launcher's
 * queue priority and retry policy overrides, and the executor's time limits (seconds).
 */
export const USER_SETTABLE_SYSTEM_TAGS: Readonly<Record<string, { readonly expects: string; readonly valid: (value: string) => boolean }>> = {
  [COORDINATION_RUN_TAGS.priority]: { expects: 'an integer', valid: isInteger },
  [COORDINATION_RUN_TAGS.maxRetries]: { expects: 'an integer ≥ 0', valid: (value) => isInteger(value) && Number(value) >= 0 },
  [COORDINATION_RUN_TAGS.retryStrategy]: { expects: 'FROM_FAILURE or ALL_STEPS', valid: (value) => value === 'FROM_FAILURE' || value === 'ALL_STEPS' },
  [COORDINATION_RUN_TAGS.retryOnAssetOrOpFailure]: { expects: 'true or false', valid: (value) => /^(true|false)$/i.test(value.trim()) },
  [EXECUTION_RUN_TAGS.stepTimeout]: { expects: 'a number of seconds > 0', valid: isPositiveNumber },
  [EXECUTION_RUN_TAGS.maxRuntime]: { expects: 'a number of seconds > 0', valid: isPositiveNumber },
};

/**
 * Checks user tags: nothing under `orrery/` except the settable system tags, each with a
 * valid value. Throws InvalidRequestError naming the tag (`body.tags.orrery/priority`).
 */
export function validateUserTags(tags: Readonly<Record<string, string>>): void {
  for (const [key, value] of Object.entries(tags)) {
    if (!key.startsWith(SYSTEM_TAG_PREFIX)) continue;
    const rule = USER_SETTABLE_SYSTEM_TAGS[key];
    if (rule === undefined || !Object.hasOwn(USER_SETTABLE_SYSTEM_TAGS, key)) {
      const settable = Object.keys(USER_SETTABLE_SYSTEM_TAGS).join(', ');
      throw new InvalidRequestError(`body.tags.${key}`, `tags under ${SYSTEM_TAG_PREFIX} are set by Orrery; a submission may set only ${settable}`);
    }
    if (!rule.valid(value)) throw new InvalidRequestError(`body.tags.${key}`, `${JSON.stringify(value)} is not ${rule.expects}`);
  }
}
