import { describe, expect, it } from 'vitest';
import { settledCursor } from './run-retrier.js';

const at = (ms: number) => new Date(ms);
const event = (id: bigint, ms: number) => ({ id, runId: `r${id}`, timestamp: at(ms) });

describe('settledCursor', () => {
  const events = [event(11n, 1_000), event(12n, 2_000), event(13n, 9_000), event(14n, 1_500)];
  const all = new Set(events.map((e) => e.id));

  it('advances over the leading events that are handled and settled', () => {
    expect(settledCursor(events, all, 10n, 5_000)).toBe(12n);
    expect(settledCursor(events, all, 10n, 10_000)).toBe(14n);
  });

  it('stops before an event that failed, so it is read again', () => {
    expect(settledCursor(events, new Set([11n, 13n, 14n]), 10n, 10_000)).toBe(11n);
    expect(settledCursor(events, new Set<bigint>(), 10n, 10_000)).toBe(10n);
  });
});
