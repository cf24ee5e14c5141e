import { describe, expect, it } from 'vitest';
import { civilFromDays, daysFromCivil, wallFields, wallFromFields } from './civil.js';
import { InvalidTimeZoneError } from './cron-errors.js';
import { assertTimeZone, zoneTimeline } from './zone-timeline.js';

const HOUR = 3_600_000;
const utc = (iso: string): number => Date.parse(iso);
const wall = (iso: string) => Date.parse(`${iso}Z`);
const at = (iso: string) => Date.parse(iso);

describe('civil dates', () => {
  it('round-trip day numbers across centuries and leap days', () => {
    for (const [y, m, d] of [[1970, 1, 1], [2000, 2, 29], [1900, 3, 1], [2024, 12, 31], [1600, 2, 29]] as const) {
      expect(civilFromDays(daysFromCivil(y, m, d))).toEqual({ year: y, month: m, day: d });
    }
    expect(daysFromCivil(2024, 3, 10)).toBe(Date.UTC(2024, 2, 10) / 86_400_000);
  });

  it('splits wall milliseconds into fields', () => {
    expect(wallFields(wallFromFields(2024, 12, 31, 23, 59, 58))).toEqual({
      year: 2024, month: 12, day: 31, hour: 23, minute: 59, second: 58, dayOfYear: 366, weekday: 2,
    });
  });
});

describe('assertTimeZone', () => {
  it('accepts IANA names and returns them unchanged', () => {
    expect(['UTC', 'America/New_York', 'Australia/Lord_Howe'].map(assertTimeZone)).toEqual(['UTC', 'America/New_York', 'Australia/Lord_Howe']);
  });

  it('rejects unknown names, fixed offsets and empty strings', () => {
    for (const zone of ['Mars/Olympus_Mons', '+05:30', '-03:00', '', ' ']) {
      expect(() => assertTimeZone(zone)).toThrow(InvalidTimeZoneError);
      expect(() => zoneTimeline(zone)).toThrow(InvalidTimeZoneError);
    }
    expect(() => assertTimeZone('Mars/Olympus_Mons')).toThrow('invalid time zone "Mars/Olympus_Mons": use an IANA name such as "America/New_York" or "UTC"');
  });
});

describe('zone timeline', () => {
  it('reads whole, half-hour and historical second offsets', () => {
    expect(zoneTimeline('UTC').offsetAt(at('2025-06-01T00:00:00Z'))).toBe(0);
    expect(zoneTimeline('America/New_York').offsetAt(at('2025-01-15T12:00:00Z'))).toBe(-5 * HOUR);
    expect(zoneTimeline('America/New_York').offsetAt(at('2025-07-15T12:00:00Z'))).toBe(-4 * HOUR);
    expect(zoneTimeline('Australia/Lord_Howe').offsetAt(at('2025-07-01T00:00:00Z'))).toBe(10.5 * HOUR);
    expect(zoneTimeline('Australia/Lord_Howe').offsetAt(at('2025-01-01T00:00:00Z'))).toBe(11 * HOUR);
    // New York's local mean time before 1883: -4:56:02.
    expect(zoneTimeline('America/New_York').offsetAt(at('1850-01-01T00:00:00Z'))).toBe(-(4 * HOUR + 56 * 60_000 + 2000));
  });

  it('finds New York transitions to the second', () => {
    const ny = zoneTimeline('America/New_York');
    const spring = ny.segmentAt(utc('2024-06-01T00:00:00Z'));
    expect(new Date(spring.start).toISOString()).toBe('2024-03-10T07:00:00.000Z');
    expect(new Date(spring.end).toISOString()).toBe('2024-11-03T06:00:00.000Z');
    expect([spring.offsetBefore, spring.offset, spring.offsetAfter]).toEqual([-5 * HOUR, -4 * HOUR, -5 * HOUR]);
    expect(ny.offsetAt(utc('2024-03-10T06:59:59Z'))).toBe(-5 * HOUR);
    expect(ny.offsetAt(utc('2024-03-10T07:00:00Z'))).toBe(-4 * HOUR);
  });

  it('finds Lord Howe half-hour transitions', () => {
    const lh = zoneTimeline('Australia/Lord_Howe');
    const summer = lh.segmentAt(utc('2024-12-01T00:00:00Z'));
    expect(new Date(summer.start).toISOString()).toBe('2024-10-05T15:30:00.000Z');
    expect(summer.offset - summer.offsetBefore).toBe(HOUR / 2);
    const winter = lh.segmentAt(utc('2024-05-01T00:00:00Z'));
    expect(new Date(winter.start).toISOString()).toBe('2024-04-06T15:00:00.000Z');
    expect(winter.offset).toBe(10.5 * HOUR);
  });

  it('resolves wall times to one, two or no instants', () => {
    const ny = zoneTimeline('America/New_York');
    expect(ny.resolveWall(wallFromFields(2024, 7, 1, 12))).toEqual({ kind: 'unique', instant: utc('2024-07-01T16:00:00Z') });
    expect(ny.resolveWall(wallFromFields(2024, 11, 3, 1, 30))).toEqual({
      kind: 'ambiguous', earlier: utc('2024-11-03T05:30:00Z'), later: utc('2024-11-03T06:30:00Z'),
    });
    expect(ny.resolveWall(wallFromFields(2024, 3, 10, 2, 30))).toEqual({ kind: 'gap', transition: utc('2024-03-10T07:00:00Z') });
    const lh = zoneTimeline('Australia/Lord_Howe');
    expect(lh.resolveWall(wallFromFields(2024, 10, 6, 2, 15))).toEqual({ kind: 'gap', transition: utc('2024-10-05T15:30:00Z') });
  });

  it('maps an ordinary local time to one instant', () => {
    const ny = zoneTimeline('America/New_York');
    expect(ny.resolveWall(wall('2025-03-09T01:59:00'))).toEqual({ kind: 'unique', instant: at('2025-03-09T06:59:00Z') });
    expect(ny.resolveWall(wall('2025-03-09T03:00:00'))).toEqual({ kind: 'unique', instant: at('2025-03-09T07:00:00Z') });
  });

  it('finds both instants of a repeated local time', () => {
    expect(zoneTimeline('America/New_York').resolveWall(wall('2025-11-02T01:30:00'))).toEqual({
      kind: 'ambiguous',
      earlier: at('2025-11-02T05:30:00Z'),
      later: at('2025-11-02T06:30:00Z'),
    });
    // Lord Howe repeats 01:30-01:59 only (a 30-minute shift).
    const lh = zoneTimeline('Australia/Lord_Howe');
    expect(lh.resolveWall(wall('2025-04-06T01:45:00'))).toEqual({ kind: 'ambiguous', earlier: at('2025-04-05T14:45:00Z'), later: at('2025-04-05T15:15:00Z') });
    expect(lh.resolveWall(wall('2025-04-06T01:15:00')).kind).toBe('unique');
  });

  it('gives the end of the gap for a skipped local time', () => {
    const ny = zoneTimeline('America/New_York');
    expect(ny.resolveWall(wall('2025-03-09T02:30:00'))).toEqual({ kind: 'gap', transition: at('2025-03-09T07:00:00Z') });
    expect(ny.resolveWall(wall('2025-03-09T02:00:00'))).toEqual({ kind: 'gap', transition: at('2025-03-09T07:00:00Z') });
    expect(zoneTimeline('Australia/Lord_Howe').resolveWall(wall('2025-10-05T02:15:00'))).toEqual({ kind: 'gap', transition: at('2025-10-04T15:30:00Z') });
    // Zones that change at midnight have gaps at midnight: America/Havana, 2025-03-09 00:00 → 01:00.
    expect(zoneTimeline('America/Havana').resolveWall(wall('2025-03-09T00:30:00'))).toEqual({ kind: 'gap', transition: at('2025-03-09T05:00:00Z') });
  });

  it('treats UTC as one offset forever', () => {
    const z = zoneTimeline('UTC');
    expect(z.offsetAt(utc('2024-03-10T07:00:00Z'))).toBe(0);
    const segment = z.segmentAt(utc('2024-03-10T07:00:00Z'));
    expect(segment.offsetBefore).toBe(segment.offset);
  });
});
