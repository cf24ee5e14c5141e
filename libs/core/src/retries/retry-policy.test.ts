import { describe, expect, it } from 'vitest';
import { InvalidRetryPolicyError, parseRetryPolicy } from './retry-policy.js';

function problemsOf(input: unknown): readonly { path: string; message: string }[] {
  try {
    parseRetryPolicy(input);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRetryPolicyError);
    const invalid = error as InvalidRetryPolicyError;
    expect(invalid.code).toBe('VALIDATION_FAILED');
    expect(invalid.toWire().details).toEqual({ problems: invalid.problems });
    return invalid.problems;
  }
  throw new Error('expected the policy to be rejected');
}

describe('parseRetryPolicy', () => {
  it("fills Dagster's defaults: one retry, no delay", () => {
    expect(parseRetryPolicy({})).toEqual({ maxRetries: 1, delay: 0 });
  });

  it('keeps a full policy as given', () => {
    const policy = { maxRetries: 3, delay: 200, backoff: 'exponential', jitter: 'plusMinus' } as const;
    expect(parseRetryPolicy(policy)).toEqual(policy);
  });

  it('accepts zero retries and a zero delay with backoff', () => {
    expect(parseRetryPolicy({ maxRetries: 0, delay: 0, backoff: 'linear' })).toEqual({ maxRetries: 0, delay: 0, backoff: 'linear' });
  });

  it('rejects negative or fractional maxRetries and a negative delay, naming each field', () => {
    expect(problemsOf({ maxRetries: -1 }).map((p) => p.path)).toEqual(['maxRetries']);
    expect(problemsOf({ maxRetries: 1.5 }).map((p) => p.path)).toEqual(['maxRetries']);
    expect(problemsOf({ delay: -5 }).map((p) => p.path)).toEqual(['delay']);
    expect(problemsOf({ maxRetries: -1, delay: -5 }).map((p) => p.path)).toEqual(['maxRetries', 'delay']);
  });

  it('rejects unknown backoff and jitter kinds and unknown keys', () => {
    expect(problemsOf({ delay: 1, backoff: 'quadratic' }).map((p) => p.path)).toEqual(['backoff']);
    expect(problemsOf({ delay: 1, jitter: 'PLUS_MINUS' }).map((p) => p.path)).toEqual(['jitter']);
    expect(problemsOf({ retries: 2 })).toHaveLength(1);
  });

  it('rejects backoff or jitter without a delay, as Dagster does', () => {
    const problems = problemsOf({ backoff: 'exponential', jitter: 'full' });
    expect(problems).toEqual([
      { path: 'backoff', message: 'backoff needs a delay' },
      { path: 'jitter', message: 'jitter needs a delay' },
    ]);
  });

  it('puts every problem in the message', () => {
    expect(() => parseRetryPolicy({ maxRetries: -1, jitter: 'full' })).toThrow(/maxRetries: .*; jitter: jitter needs a delay/);
  });
});
