import { describe, expect, it } from 'vitest';
import { dailyPartitionsDefinition, hourlyPartitionsDefinition, timeWindowPartitionsDefinition } from '../definitions.js';
import type { TimeWindowPartitionsDefinition } from './time-window-definition.js';

// DST rules follow Dagster (see cron/cron-ticks.ts): window lengths are the real elapsed time, the
// second copy of a repeated hour gets its UTC offset appended to the key, and keys round-trip.

const later = { now: new Date('2030-01-01T00:00:00Z') };

/** Keys with their window lengths in minutes. */
function windows(definition: TimeWindowPartitionsDefinition): [string, number][] {
  return definition.allKeys(later).map((key) => {
    const w = definition.windowForKey(key);
    return [key, (w.end.getTime() - w.start.getTime()) / 60_000];
  });
}

function expectRoundTrip(definition: TimeWindowPartitionsDefinition): void {
  for (const key of definition.allKeys(later)) {
    const window = definition.windowForKey(key);
    expect(definition.keyForTime(window.start)).toBe(key);
    expect(definition.keyForTime(new Date(window.end.getTime() - 1))).toBe(key);
    expect(definition.hasKey(key, later)).toBe(true);
  }
}

describe('hourly partitions across DST', () => {
  it('America/New_York spring forward: 23 windows, no 02:00 key', () => {
    const d = hourlyPartitionsDefinition({ start: '2024-03-10-00:00', end: '2024-03-11-00:00', timezone: 'America/New_York' });
    const keys = d.allKeys(later);
    expect(keys).toHaveLength(23);
    expect(keys.slice(0, 3)).toEqual(['2024-03-10-00:00', '2024-03-10-01:00', '2024-03-10-03:00']);
    expect(windows(d).every(([, minutes]) => minutes === 60)).toBe(true);
    expectRoundTrip(d);
  });

  it('America/New_York fall back: 25 windows, the repeated 01:00 keyed with its offset', () => {
    const d = hourlyPartitionsDefinition({ start: '2024-11-03-00:00', end: '2024-11-04-00:00', timezone: 'America/New_York' });
    const keys = d.allKeys(later);
    expect(keys).toHaveLength(25);
    expect(new Set(keys).size).toBe(25);
    expect(keys.slice(0, 4)).toEqual(['2024-11-03-00:00', '2024-11-03-01:00', '2024-11-03-01:00-0500', '2024-11-03-02:00']);
    expect(d.windowForKey('2024-11-03-01:00').start.toISOString()).toBe('2024-11-03T05:00:00.000Z');
    expect(d.windowForKey('2024-11-03-01:00-0500').start.toISOString()).toBe('2024-11-03T06:00:00.000Z');
    expect(windows(d).every(([, minutes]) => minutes === 60)).toBe(true);
    expectRoundTrip(d);
  });

  it('Europe/Berlin fall back repeats 02:00 with +0100', () => {
    const d = hourlyPartitionsDefinition({ start: '2024-10-27-00:00', end: '2024-10-28-00:00', timezone: 'Europe/Berlin' });
    const keys = d.allKeys(later);
    expect(keys).toHaveLength(25);
    expect(keys.slice(2, 5)).toEqual(['2024-10-27-02:00', '2024-10-27-02:00+0100', '2024-10-27-03:00']);
    expectRoundTrip(d);
  });

  it('Australia/Lord_Howe spring forward (02:00 → 02:30): 23 windows, one of 90 minutes', () => {
    const d = hourlyPartitionsDefinition({ start: '2024-10-06-00:00', end: '2024-10-07-00:00', timezone: 'Australia/Lord_Howe' });
    const w = windows(d);
    expect(w).toHaveLength(23);
    expect(w.slice(0, 3)).toEqual([['2024-10-06-00:00', 60], ['2024-10-06-01:00', 90], ['2024-10-06-03:00', 60]]);
    expect(w.reduce((sum, [, minutes]) => sum + minutes, 0)).toBe(23.5 * 60);
    expectRoundTrip(d);
  });

  it('Australia/Lord_Howe fall back (02:00 → 01:30): 24 windows, 01:00 lasts 90 minutes', () => {
    const d = hourlyPartitionsDefinition({ start: '2024-04-07-00:00', end: '2024-04-08-00:00', timezone: 'Australia/Lord_Howe' });
    const w = windows(d);
    expect(w).toHaveLength(24);
    expect(w[1]).toEqual(['2024-04-07-01:00', 90]);
    expect(w.reduce((sum, [, minutes]) => sum + minutes, 0)).toBe(24.5 * 60);
    expectRoundTrip(d);
  });

  it('Australia/Lord_Howe half-hourly fall back repeats 01:30 with +1030', () => {
    const d = timeWindowPartitionsDefinition({ cron: '*/30 * * * *', start: '2024-04-07-01:00', end: '2024-04-07-03:00', timezone: 'Australia/Lord_Howe' });
    expect(d.allKeys(later)).toEqual(['2024-04-07-01:00', '2024-04-07-01:30', '2024-04-07-01:30+1030', '2024-04-07-02:00', '2024-04-07-02:30']);
    expectRoundTrip(d);
  });

  it('a format with %z writes every offset and appends nothing more', () => {
    const d = hourlyPartitionsDefinition({ start: '2024-11-03T00:00', end: '2024-11-03T03:00', timezone: 'America/New_York', fmt: '%Y-%m-%dT%H:%M%z' });
    expect(d.allKeys(later)).toEqual(['2024-11-03T00:00-0400', '2024-11-03T01:00-0400', '2024-11-03T01:00-0500', '2024-11-03T02:00-0500']);
    expectRoundTrip(d);
  });
});

describe('daily partitions across DST', () => {
  it.each([
    ['America/New_York', '2024-03-10', 23 * 60, '2024-11-03', 25 * 60],
    ['Europe/Berlin', '2024-03-31', 23 * 60, '2024-10-27', 25 * 60],
    ['Australia/Lord_Howe', '2024-10-06', 23.5 * 60, '2024-04-07', 24.5 * 60],
  ])('%s: the spring day and the fall day have their true lengths', (timezone, spring, springMinutes, fall, fallMinutes) => {
    const d = dailyPartitionsDefinition({ start: '2024-01-01', end: '2025-01-01', timezone });
    const lengths = new Map(windows(d));
    expect(lengths.size).toBe(366);
    expect(lengths.get(spring)).toBe(springMinutes);
    expect(lengths.get(fall)).toBe(fallMinutes);
    expect([...lengths.values()].filter((minutes) => minutes !== 24 * 60)).toHaveLength(2);
    expectRoundTrip(d);
  });

  it('a daily time inside the skipped hour starts at the end of the jump', () => {
    const d = timeWindowPartitionsDefinition({ cron: '30 2 * * *', start: '2024-03-09', end: '2024-03-12', timezone: 'America/New_York', fmt: '%Y-%m-%d-%H:%M' });
    expect(windows(d)).toEqual([['2024-03-09-02:30', 23.5 * 60], ['2024-03-10-03:00', 23.5 * 60]]);
    expectRoundTrip(d);
  });

  it('a daily time inside the repeated hour starts at its second copy', () => {
    const d = dailyPartitionsDefinition({ start: '2024-11-02', end: '2024-11-05', hourOffset: 1, minuteOffset: 30, timezone: 'America/New_York' });
    expect(windows(d)).toEqual([['2024-11-02', 25 * 60], ['2024-11-03', 24 * 60]]);
    expect(d.windowForKey('2024-11-03').start.toISOString()).toBe('2024-11-03T06:30:00.000Z');
  });
});
