import { describe, expect, it } from 'vitest';
import { hourlyPartitionsDefinition, timeWindowPartitionsDefinition } from '../definitions.js';

// 100,000+ partitions: counts and ends only (timings belong in bench/, STYLE.md 13).

describe('100,000-partition ranges', () => {
  const hourly = hourlyPartitionsDefinition({ start: '2010-01-01-00:00', timezone: 'America/New_York' });
  // 2010-01-01 05:00Z plus 100,000 hours.
  const now = { now: new Date(Date.parse('2010-01-01T05:00:00Z') + 100_000 * 3_600_000) };

  it('enumerates 100,000 hourly keys across eleven years of DST changes', () => {
    const keys = hourly.allKeys(now);
    expect(keys).toHaveLength(100_000);
    expect(hourly.count(now)).toBe(100_000);
    expect(keys[0]).toBe('2010-01-01-00:00');
    expect(keys[keys.length - 1]).toBe('2021-05-29-16:00');
    expect(new Set(keys).size).toBe(100_000);
    // Eleven fall-backs each add one offset-suffixed key.
    expect(keys.filter((key) => key.endsWith('-0500'))).toHaveLength(11);
  });

  it('lists a 100,000-key range and its subset without listing keys', () => {
    const range = { start: '2010-01-01-00:00', end: '2021-05-29-16:00' };
    const keys = hourly.keysInRange(range, now);
    expect(keys).toHaveLength(100_000);
    const subset = hourly.allSubset(now);
    expect(subset.ranges).toHaveLength(1);
    expect(subset.count()).toBe(100_000);
    expect(subset.keyRanges()).toEqual([range]);
    const withoutOne = subset.difference(hourly.subsetWithKeys(['2015-06-01-12:00']));
    expect(withoutOne.count()).toBe(99_999);
    expect(withoutOne.ranges).toHaveLength(2);
    expect(withoutOne.contains('2015-06-01-12:00')).toBe(false);
    expect(withoutOne.contains('2015-06-01-13:00')).toBe(true);
  });

  it('counts 105,120 five-minute partitions of a year in Lord Howe', () => {
    const fiveMinutes = timeWindowPartitionsDefinition({ cron: '*/5 * * * *', start: '2023-01-01-00:00', end: '2024-01-01-00:00', timezone: 'Australia/Lord_Howe' });
    const keys = fiveMinutes.allKeys({ now: new Date('2030-01-01') });
    // 365 days of 288, minus the 30 skipped minutes in October, plus the 30 repeated in April.
    expect(keys).toHaveLength(365 * 288);
    expect(keys[0]).toBe('2023-01-01-00:00');
    expect(keys[keys.length - 1]).toBe('2023-12-31-23:55');
    expect(keys).toContain('2023-04-02-01:55+1030');
  });
});
