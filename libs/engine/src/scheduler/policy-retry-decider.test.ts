import { parseRetryPolicy, RetryRequested, type PlanStep } from '@orrery/core';
import { describe, expect, it } from 'vitest';
import { policyRetryDecider } from './policy-retry-decider.js';

const step: PlanStep = { key: 's', kind: 'op', deps: [] };

describe('policyRetryDecider', () => {
  it('follows the step policy: exponential back-off, then gives up after maxRetries', () => {
    const decide = policyRetryDecider(() => parseRetryPolicy({ maxRetries: 2, delay: 100, backoff: 'exponential' }));
    expect(decide(step, 1, new Error('x'))).toEqual({ delayMs: 100 });
    expect(decide(step, 2, new Error('x'))).toEqual({ delayMs: 300 });
    expect(decide(step, 3, new Error('x'))).toBeUndefined();
  });

  it('never retries a step without a policy, unless it throws RetryRequested', () => {
    const decide = policyRetryDecider(() => undefined);
    expect(decide(step, 1, new Error('x'))).toBeUndefined();
    expect(decide(step, 1, new RetryRequested({ maxRetries: 1, delay: 25 }))).toEqual({ delayMs: 25 });
    expect(decide(step, 2, new RetryRequested({ maxRetries: 1, delay: 25 }))).toBeUndefined();
  });
});
