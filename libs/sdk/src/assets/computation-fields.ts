import type { z } from 'zod';
import { toRetryPolicy, type RetryPolicy, type RetryPolicyInput } from '../internal/core-adapter.js';
import { normalizeTags } from '../internal/names.js';
import { resourceKeysOf, type ResourcesShape } from '../internal/types.js';

/** The step options every computed asset-like definition takes (asset, multi-asset, source observation). */
export interface ComputationOptions {
  readonly config?: z.ZodType;
  readonly resources?: ResourcesShape;
  readonly retry?: RetryPolicyInput;
  readonly pool?: string;
  readonly opTags?: Readonly<Record<string, string>>;
}

/** Validates and normalizes those options once, the same way for every kind; `what` names the definition in errors. */
export function computationFields(what: string, options: ComputationOptions) {
  return {
    configSchema: options.config,
    resourceKeys: resourceKeysOf(options.resources),
    retry: toRetryPolicy(what, options.retry) as RetryPolicy | undefined,
    pool: options.pool,
    opTags: normalizeTags(what, options.opTags),
  };
}
