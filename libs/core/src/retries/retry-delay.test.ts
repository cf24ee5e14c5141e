import { describe, expect, it } from 'vitest';
import { calculateRetryDelay } from './retry-delay.js';
import { parseRetryPolicy, type RetryPolicyInput } from './retry-policy.js';

const fixed = (value: number) => () => value;
const noRandom = () => {
  throw new Error('no random number should be drawn');
};
const delays = (input: RetryPolicyInput, attempts: number[], random: () => number = noRandom) =>
  attempts.map((attempt) => calculateRetryDelay(parseRetryPolicy(input), attempt, random));

describe('calculateRetryDelay', () => {
  it('without backoff waits the delay every time', () => {
    expect(delays({ delay: 300 }, [1, 2, 5])).toEqual([300, 300, 300]);
  });

  it('linear backoff waits attempt × delay', () => {
    expect(delays({ delay: 100, backoff: 'linear' }, [1, 2, 3, 10])).toEqual([100, 200, 300, 1000]);
  });

  it('exponential backoff waits (2^attempt − 1) × delay', () => {
    expect(delays({ delay: 100, backoff: 'exponential' }, [1, 2, 3, 4])).toEqual([100, 300, 700, 1500]);
  });

  it('full jitter scales the computed delay by the random number, within [0, computed]', () => {
    const policy = { delay: 100, backoff: 'exponential', jitter: 'full' } as const;
    expect(delays(policy, [3], fixed(0))).toEqual([0]);
    expect(delays(policy, [3], fixed(0.5))).toEqual([350]);
    expect(delays(policy, [3], fixed(0.999999))).toEqual([700]);
    expect(delays(policy, [1, 2, 3], fixed(0.25))).toEqual([25, 75, 175]);
  });

  it("plus-minus jitter moves the computed delay by up to ± the base delay (Dagster's form)", () => {
    const policy = { delay: 100, backoff: 'exponential', jitter: 'plusMinus' } as const;
    // attempt 3: computed 700, spread ±100, not ±700.
    expect(delays(policy, [3], fixed(0))).toEqual([600]);
    expect(delays(policy, [3], fixed(0.5))).toEqual([700]);
    expect(delays(policy, [3], fixed(0.999999))).toEqual([800]);
    expect(delays({ delay: 100, jitter: 'plusMinus' }, [1], fixed(0.75))).toEqual([150]);
  });

  it('stays inside the jitter bounds for any random number', () => {
    const samples = Array.from({ length: 101 }, (_, i) => i / 100);
    for (const attempt of [1, 2, 5]) {
      const computed = (2 ** attempt - 1) * 40;
      for (const value of samples) {
        const full = calculateRetryDelay(parseRetryPolicy({ delay: 40, backoff: 'exponential', jitter: 'full' }), attempt, fixed(value));
        const plusMinus = calculateRetryDelay(
          parseRetryPolicy({ delay: 40, backoff: 'exponential', jitter: 'plusMinus' }),
          attempt,
          fixed(value),
        );
        expect(full).toBeGreaterThanOrEqual(0);
        expect(full).toBeLessThanOrEqual(computed);
        expect(plusMinus).toBeGreaterThanOrEqual(computed - 40);
        expect(plusMinus).toBeLessThanOrEqual(computed + 40);
      }
    }
  });

  it('rounds to whole milliseconds', () => {
    expect(delays({ delay: 1, jitter: 'full' }, [1], fixed(0.4))).toEqual([0]);
    expect(delays({ delay: 0.6 }, [1])).toEqual([1]);
  });

  it('is 0 for a zero delay even at absurd attempts (no Infinity × 0)', () => {
    expect(delays({ delay: 0, backoff: 'exponential' }, [5000])).toEqual([0]);
    expect(delays({ delay: 10, backoff: 'exponential' }, [5000])).toEqual([Number.MAX_SAFE_INTEGER]);
  });

  it('counts attempts from 1 and refuses anything else', () => {
    const policy = parseRetryPolicy({ delay: 10 });
    expect(() => calculateRetryDelay(policy, 0, noRandom)).toThrow(RangeError);
    expect(() => calculateRetryDelay(policy, 1.5, noRandom)).toThrow(/counts from 1/);
  });

  it('refuses a random source outside [0, 1]', () => {
    expect(() => delays({ delay: 10, jitter: 'full' }, [1], fixed(2))).toThrow(/random source/);
    expect(() => delays({ delay: 10, jitter: 'full' }, [1], fixed(Number.NaN))).toThrow(/random source/);
  });
});
