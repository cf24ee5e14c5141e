import { describe, expect, it } from 'vitest';
import { LaunchTracker } from './launch-tracker.js';

const t = (seconds: number) => new Date(Date.UTC(2030, 0, 1, 0, 0, seconds));
const run = (runId: string, attempt: number, updatedAt: Date) => ({ runId, attempt, updatedAt });

describe('LaunchTracker', () => {
  it('repeats a launch only once the delay has passed since the launch or the last try', () => {
    const tracker = new LaunchTracker(5_000);
    const starting = [run('r1', 1, t(0))];
    expect(tracker.due(starting, t(4), t(4))).toEqual([]);
    expect(tracker.due(starting, t(5), t(5))).toEqual(starting);
    tracker.record('r1', 1, t(5));
    expect(tracker.due(starting, t(9), t(9))).toEqual([]);
    expect(tracker.due(starting, t(10), t(10))).toEqual(starting);
  });

  it('goes by the launch time for attempts it never tried (launched by another replica)', () => {
    const tracker = new LaunchTracker(5_000);
    expect(tracker.due([run('r1', 2, t(3))], t(8), t(8)).map((r) => r.runId)).toEqual(['r1']);
  });

  it('treats a new attempt separately from the old one', () => {
    const tracker = new LaunchTracker(5_000);
    tracker.record('r1', 1, t(10));
    expect(tracker.due([run('r1', 2, t(0))], t(10), t(10)).map((r) => r.attempt)).toEqual([2]);
  });

  it('forgets attempts no longer STARTING, but keeps tries made after the read', () => {
    const tracker = new LaunchTracker(5_000);
    tracker.record('gone', 1, t(1));
    tracker.record('new', 1, t(3));
    tracker.due([], t(4), t(2));
    expect(tracker.size).toBe(1);
    // The kept try still counts once the run shows up as STARTING.
    expect(tracker.due([run('new', 1, t(0))], t(6), t(6))).toEqual([]);
  });
});
