export {
  InvalidRetryPolicyError,
  RETRY_BACKOFFS,
  RETRY_JITTERS,
  parseRetryPolicy,
  retryPolicySchema,
  type RetryBackoff,
  type RetryJitter,
  type RetryPolicy,
  type RetryPolicyInput,
  type RetryPolicyProblem,
} from './retry-policy.js';
export { calculateRetryDelay, type RandomSource } from './retry-delay.js';
export { RetryRequested, isRetryRequested, type RetryRequestedOptions } from './retry-requested.js';
export { decideRetry, type RetryDecision, type RetryDecisionInput, type RetrySource } from './retry-decision.js';
