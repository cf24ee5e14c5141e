import type { RetryPolicy } from './retry-policy.js';

/**
 * A source of uniform random numbers in [0, 1), like `Math.random`. Injected so that retry
 * delays are reproducible in tests and replays.
 */
export type RandomSource = () => number;

/**
 * Milliseconds to wait before retrying, Dagster's `calculate_delay` (dagster
 * `_core/definitions/policy.py`) with the delay in milliseconds, rounded to a whole millisecond:
 * - backoff: none → delay; `linear` → attempt × delay; `exponential` → (2^attempt − 1) × delay;
 * - jitter, applied after backoff: `full` → random × computed, so in [0, computed];
 *   `plusMinus` → computed + (2 × random × delay − delay), so computed ± the *base* delay
 *   (Dagster spreads by the base delay, not by the computed one).
 *
 * `attempt` is the number of the attempt that just failed, counting from 1: the first retry
 * uses attempt 1 (Dagster passes `previous_attempt_count + 1`).
 */
export function calculateRetryDelay(policy: RetryPolicy, attempt: number, random: RandomSource): number {
  if (!Number.isInteger(attempt) || attempt < 1) {
    throw new RangeError(`attempt counts from 1 (the first execution), got ${attempt}`);
  }
  const base = policy.delay;
  // Also keeps (2^attempt − 1) × 0 from becoming Infinity × 0 = NaN for huge attempts.
  if (base === 0) return 0;
  let computed: number;
  switch (policy.backoff) {
    case undefined:
      computed = base;
      break;
    case 'linear':
      computed = attempt * base;
      break;
    case 'exponential':
      computed = (2 ** attempt - 1) * base;
      break;
    default:
      return assertNever(policy.backoff);
  }
  switch (policy.jitter) {
    case undefined:
      break;
    case 'full':
      computed = randomUnit(random) * computed;
      break;
    case 'plusMinus':
      computed = computed + (2 * randomUnit(random) * base - base);
      break;
    default:
      return assertNever(policy.jitter);
  }
  // Never negative for attempt >= 1 (computed >= base), but a long wait must stay a number a timer takes.
  return Math.min(Math.max(0, Math.round(computed)), Number.MAX_SAFE_INTEGER);
}

function randomUnit(random: RandomSource): number {
  const value = random();
  if (!(value >= 0 && value <= 1)) throw new RangeError(`the random source must return a number in [0, 1], got ${value}`);
  return value;
}

function assertNever(value: never): never {
  throw new Error(`unexpected value ${JSON.stringify(value)}`);
}
