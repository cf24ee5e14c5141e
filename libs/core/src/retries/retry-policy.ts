import { OrreryError } from '@orrery/contracts';
import { z } from 'zod';

/** How the delay grows with the attempt number (Dagster's `Backoff`). */
export const RETRY_BACKOFFS = ['linear', 'exponential'] as const;
/** How the delay is randomized after backoff (Dagster's `Jitter`). */
export const RETRY_JITTERS = ['full', 'plusMinus'] as const;

/** `'linear'`: attempt × delay. `'exponential'`: (2^attempt − 1) × delay. */
export type RetryBackoff = (typeof RETRY_BACKOFFS)[number];
/** `'full'`: random in [0, computed]. `'plusMinus'`: computed ± delay. */
export type RetryJitter = (typeof RETRY_JITTERS)[number];

/**
 * A step's retry policy, Dagster's `RetryPolicy` with the delay in milliseconds. Parse user
 * input with {@link parseRetryPolicy}; `RetryPolicyInput` is what users write.
 */
export const retryPolicySchema = z
  .strictObject({
    maxRetries: z
      .number()
      .int()
      .min(0)
      .default(1)
      .describe('Retries after the first attempt; 0 never retries. Default: 1 (as Dagster).'),
    delay: z
      .number()
      .min(0)
      .max(Number.MAX_SAFE_INTEGER)
      .optional()
      .describe('Milliseconds between a failure and the next attempt, before backoff and jitter. Default: 0.'),
    backoff: z.enum(RETRY_BACKOFFS).optional().describe('Grow the delay with the attempt number: linear or exponential.'),
    jitter: z.enum(RETRY_JITTERS).optional().describe('Randomize the delay after backoff: full or plusMinus.'),
  })
  .superRefine((policy, ctx) => {
    // As Dagster: backoff and jitter modulate `delay`, so without one they would silently do nothing.
    for (const key of ['backoff', 'jitter'] as const) {
      if (policy[key] !== undefined && policy.delay === undefined) {
        ctx.addIssue({ code: 'custom', path: [key], message: `${key} needs a delay` });
      }
    }
  })
  .transform((policy) => ({ ...policy, delay: policy.delay ?? 0 }))
  .describe('When and how soon a failed step is retried.');

/** What a user writes: every field optional (maxRetries defaults to 1, delay to 0). */
export type RetryPolicyInput = z.input<typeof retryPolicySchema>;
/** A validated retry policy: `maxRetries` and `delay` (ms) always set. */
export type RetryPolicy = z.output<typeof retryPolicySchema>;

/** One problem of an invalid retry policy. */
export interface RetryPolicyProblem {
  /** Dotted path of the field (`maxRetries`), empty for the whole policy. */
  path: string;
  message: string;
}

/** Thrown by {@link parseRetryPolicy} for a policy that fails {@link retryPolicySchema}. */
export class InvalidRetryPolicyError extends OrreryError<'VALIDATION_FAILED', { problems: RetryPolicyProblem[] }> {
  readonly problems: readonly RetryPolicyProblem[];

  constructor(problems: RetryPolicyProblem[], cause?: unknown) {
    const listed = problems.map((p) => (p.path === '' ? p.message : `${p.path}: ${p.message}`)).join('; ');
    super('VALIDATION_FAILED', { message: `invalid retry policy: ${listed}`, details: { problems }, cause });
    this.problems = problems;
  }
}

/**
 * Validates a retry policy and fills its defaults.
 * @throws InvalidRetryPolicyError listing every problem
 */
export function parseRetryPolicy(input: unknown): RetryPolicy {
  const result = retryPolicySchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  throw new InvalidRetryPolicyError(problems, result.error);
}
