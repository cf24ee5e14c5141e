import { describe, expect, it } from 'vitest';
import { InvalidTimeZoneError } from './cron-errors.js';
import { assertTimeZone, formatLocalTime, offsetAt, resolveWallTime } from './time-zone.js';

const HOUR = 3_600_000;
const wall = (iso: string) => Date.parse(`${iso}Z`);
const at = (iso: string) => Date.parse(iso);

describe('assertTimeZone', () => {
  it('accepts IANA names and returns them unchanged', () => {
    expect(['UTC', 'America/New_York', 'Australia/Lord_Howe'].map(assertTimeZone)).toEqual(['UTC', 'America/New_York', 'Australia/Lord_Howe']);
  });

  it('rejects unknown names, fixed offsets and empty strings', () => {
    for (const zone of ['Mars/Olympus_Mons', '+05:30', '-03:00', '', ' ']) {
      expect(() => assertTimeZone(zone)).toThrow(InvalidTimeZoneError);
    }
    expect(() => assertTimeZone('Mars/Olympus_Mons')).toThrow('invalid time zone "Mars/Olympus_Mons": use an IANA name such as "America/New_York" or "UTC"');
  });
});

describe('offsetAt', () => {
  it('reads whole, half-hour and historical second offsets', () => {
    expect(offsetAt('UTC', at('2025-06-01T00:00:00Z'))).toBe(0);
    expect(offsetAt('America/New_York', at('2025-01-15T12:00:00Z'))).toBe(-5 * HOUR);
    expect(offsetAt('America/New_York', at('2025-07-15T12:00:00Z'))).toBe(-4 * HOUR);
    expect(offsetAt('Australia/Lord_Howe', at('2025-07-01T00:00:00Z'))).toBe(10.5 * HOUR);
    expect(offsetAt('Australia/Lord_Howe', at('2025-01-01T00:00:00Z'))).toBe(11 * HOUR);
    // New York's local mean time before 1883: -4:56:02.
    expect(offsetAt('America/New_York', at('1850-01-01T00:00:00Z'))).toBe(-(4 * HOUR + 56 * 60_000 + 2000));
  });
});

describe('resolveWallTime', () => {
  it('maps an ordinary local time to one instant', () => {
    expect(resolveWallTime('America/New_York', wall('2025-03-09T01:59:00'))).toEqual({ kind: 'single', at: at('2025-03-09T06:59:00Z') });
    expect(resolveWallTime('America/New_York', wall('2025-03-09T03:00:00'))).toEqual({ kind: 'single', at: at('2025-03-09T07:00:00Z') });
  });

  it('finds both instants of a repeated local time', () => {
    expect(resolveWallTime('America/New_York', wall('2025-11-02T01:30:00'))).toEqual({
      kind: 'repeated',
      first: at('2025-11-02T05:30:00Z'),
      second: at('2025-11-02T06:30:00Z'),
    });
    // Lord Howe repeats 01:30-01:59 only (a 30-minute shift).
    expect(resolveWallTime('Australia/Lord_Howe', wall('2025-04-06T01:45:00'))).toEqual({
      kind: 'repeated',
      first: at('2025-04-05T14:45:00Z'),
      second: at('2025-04-05T15:15:00Z'),
    });
    expect(resolveWallTime('Australia/Lord_Howe', wall('2025-04-06T01:15:00')).kind).toBe('single');
  });

  it('gives the end of the gap for a skipped local time', () => {
    expect(resolveWallTime('America/New_York', wall('2025-03-09T02:30:00'))).toEqual({ kind: 'skipped', gapEnd: at('2025-03-09T07:00:00Z') });
    expect(resolveWallTime('America/New_York', wall('2025-03-09T02:00:00'))).toEqual({ kind: 'skipped', gapEnd: at('2025-03-09T07:00:00Z') });
    expect(resolveWallTime('Australia/Lord_Howe', wall('2025-10-05T02:15:00'))).toEqual({ kind: 'skipped', gapEnd: at('2025-10-04T15:30:00Z') });
    // Zones that change at midnight have gaps at midnight: America/Havana, 2025-03-09 00:00 → 01:00.
    expect(resolveWallTime('America/Havana', wall('2025-03-09T00:30:00'))).toEqual({ kind: 'skipped', gapEnd: at('2025-03-09T05:00:00Z') });
  });
});

describe('formatLocalTime', () => {
  it('writes the local time with its offset, telling repeated times apart', () => {
    expect(formatLocalTime('America/New_York', at('2025-11-02T05:30:00Z'))).toBe('2025-11-02T01:30:00-04:00');
    expect(formatLocalTime('America/New_York', at('2025-11-02T06:30:00Z'))).toBe('2025-11-02T01:30:00-05:00');
    expect(formatLocalTime('Australia/Lord_Howe', at('2025-04-05T15:15:00Z'))).toBe('2025-04-06T01:45:00+10:30');
    expect(formatLocalTime('UTC', at('2025-01-01T00:00:00Z'))).toBe('2025-01-01T00:00:00+00:00');
    expect(formatLocalTime('America/New_York', at('1850-01-01T00:00:00Z'))).toBe('1849-12-31T19:03:58-04:56:02');
  });
});
