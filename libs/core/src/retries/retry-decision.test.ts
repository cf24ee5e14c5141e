import { describe, expect, it } from 'vitest';
import { decideRetry } from './retry-decision.js';
import { parseRetryPolicy } from './retry-policy.js';
import { RetryRequested, isRetryRequested } from './retry-requested.js';

const failure = new Error('boom');
const half = () => 0.5;
const noRandom = () => {
  throw new Error('no random number should be drawn');
};

describe('decideRetry', () => {
  it('retries while the retries made (attempt − 1) are fewer than maxRetries', () => {
    const policy = parseRetryPolicy({ maxRetries: 2, delay: 100, backoff: 'linear' });
    const outcomes = [1, 2, 3].map((attempt) => decideRetry({ error: failure, attempt, policy, random: noRandom }));
    expect(outcomes).toEqual([
      { retry: true, source: 'policy', delay: 100, nextAttempt: 2, maxRetries: 2 },
      { retry: true, source: 'policy', delay: 200, nextAttempt: 3, maxRetries: 2 },
      { retry: false, source: 'policy', reason: 'exceeded max retries of 2', maxRetries: 2 },
    ]);
  });

  it('never retries with maxRetries 0, and draws no random number when it does not retry', () => {
    const policy = parseRetryPolicy({ maxRetries: 0, delay: 100, jitter: 'full' });
    expect(decideRetry({ error: failure, attempt: 1, policy, random: noRandom })).toMatchObject({ retry: false, reason: 'exceeded max retries of 0' });
  });

  it('applies jitter with the injected random source', () => {
    const policy = parseRetryPolicy({ maxRetries: 5, delay: 100, backoff: 'exponential', jitter: 'full' });
    expect(decideRetry({ error: failure, attempt: 3, policy, random: half })).toMatchObject({ retry: true, delay: 350, nextAttempt: 4 });
  });

  it('does not retry without a policy', () => {
    expect(decideRetry({ error: failure, attempt: 1, random: noRandom })).toEqual({
      retry: false,
      source: 'none',
      reason: 'the step has no retry policy',
      maxRetries: 0,
    });
  });

  it('ignores the policy when the error does not allow retries', () => {
    const policy = parseRetryPolicy({ maxRetries: 3 });
    const decision = decideRetry({ error: failure, attempt: 1, policy, allowPolicyRetry: false, random: noRandom });
    expect(decision).toMatchObject({ retry: false, source: 'none', reason: 'the error does not allow retries' });
  });

  it('lets RetryRequested override the policy with its own maxRetries and delay', () => {
    const policy = parseRetryPolicy({ maxRetries: 10, delay: 5000, backoff: 'exponential' });
    const request = new RetryRequested({ maxRetries: 1, delay: 250, cause: failure });
    expect(decideRetry({ error: request, attempt: 1, policy, random: noRandom })).toEqual({
      retry: true,
      source: 'request',
      delay: 250,
      nextAttempt: 2,
      maxRetries: 1,
    });
    // The policy would allow a 2nd retry; the request's maxRetries of 1 does not.
    expect(decideRetry({ error: request, attempt: 2, policy, random: noRandom })).toMatchObject({
      retry: false,
      source: 'request',
      reason: 'exceeded max retries of 1',
    });
  });

  it('honours RetryRequested without a policy and even when the error opts out of the policy', () => {
    const request = new RetryRequested({ maxRetries: 2 });
    expect(decideRetry({ error: request, attempt: 2, random: noRandom })).toMatchObject({ retry: true, delay: 0, nextAttempt: 3 });
    expect(decideRetry({ error: request, attempt: 1, allowPolicyRetry: false, random: noRandom })).toMatchObject({ retry: true });
  });

  it('refuses attempt numbers below 1', () => {
    expect(() => decideRetry({ error: failure, attempt: 0, random: noRandom })).toThrow(/counts from 1/);
  });
});

describe('RetryRequested', () => {
  it("defaults to Dagster's one retry with no wait, and keeps its cause", () => {
    const request = new RetryRequested({ cause: failure });
    expect(request).toBeInstanceOf(Error);
    expect(request.name).toBe('RetryRequested');
    expect([request.maxRetries, request.delay, request.cause]).toEqual([1, 0, failure]);
  });

  it('refuses invalid maxRetries and delays', () => {
    expect(() => new RetryRequested({ maxRetries: -1 })).toThrow(RangeError);
    expect(() => new RetryRequested({ maxRetries: 0.5 })).toThrow(/non-negative integer/);
    expect(() => new RetryRequested({ delay: -1 })).toThrow(/delay/);
  });

  it('is recognised across module copies by its registered brand, and nothing else is', () => {
    const foreign = Object.assign(new Error('retry'), { maxRetries: 3, delay: 10, [Symbol.for('orrery.RetryRequested')]: true });
    expect(isRetryRequested(new RetryRequested())).toBe(true);
    expect(isRetryRequested(foreign)).toBe(true);
    expect(decideRetry({ error: foreign, attempt: 1, random: noRandom })).toMatchObject({ retry: true, source: 'request', delay: 10 });
    expect(isRetryRequested(Object.assign(new Error('x'), { name: 'RetryRequested' }))).toBe(false);
    expect(isRetryRequested(undefined)).toBe(false);
  });
});
