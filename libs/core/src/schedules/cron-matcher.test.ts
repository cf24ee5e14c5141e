import { Cron } from 'croner';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextWallTime, previousWallTime } from './cron-matcher.js';

const wall = (iso: string) => Date.parse(`${iso}Z`);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('wall-clock matching', () => {
  it('finds the next and previous match, both exclusive', () => {
    expect(nextWallTime('30 2 * * *', wall('2025-03-09T02:30:00'))).toBe(wall('2025-03-10T02:30:00'));
    expect(nextWallTime('30 2 * * *', wall('2025-03-09T02:29:59'))).toBe(wall('2025-03-09T02:30:00'));
    expect(previousWallTime('30 2 * * *', wall('2025-03-09T02:30:00'))).toBe(wall('2025-03-08T02:30:00'));
    // Wall times ignore zones: 02:30 on a spring-forward day is still a match here.
    expect(previousWallTime('30 2 * * *', wall('2025-03-09T02:30:01'))).toBe(wall('2025-03-09T02:30:00'));
  });

  it('returns undefined when nothing matches any more', () => {
    expect(nextWallTime('0 0 29 2 *', wall('2996-03-01T00:00:00'))).toBeUndefined();
  });
});

describe('croner 11 nextRun guard', () => {
  // croner 11.0.1 installed here computes these right; STACK.md saw nextRun skip the 1st of the
  // next month. Simulate that answer to prove the guard corrects it with previousRuns.
  it.each([
    ['0 0 */10 * *', '2025-02-21T00:00:00', '2025-03-11T00:00:00', '2025-03-01T00:00:00'],
    ['0 0 1,31 * *', '2025-02-01T00:00:00', '2025-03-31T00:00:00', '2025-03-01T00:00:00'],
  ])('%s from %s: a skipping nextRun (%s) is walked back to %s', (expression, from, skipped, expected) => {
    const nextRun = vi.spyOn(Cron.prototype, 'nextRun').mockReturnValueOnce(new Date(`${skipped}Z`));
    expect(nextWallTime(expression, wall(from))).toBe(wall(expected));
    expect(nextRun).toHaveBeenCalledOnce();
  });

  it('keeps a right answer without walking back past the reference', () => {
    const previousRuns = vi.spyOn(Cron.prototype, 'previousRuns');
    expect(nextWallTime('0 0 1,31 * *', wall('2025-02-01T00:00:00'))).toBe(wall('2025-03-01T00:00:00'));
    expect(previousRuns).toHaveBeenCalledOnce();
  });
});
