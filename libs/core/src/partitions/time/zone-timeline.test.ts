import { describe, expect, it } from 'vitest';
import { civilFromDays, daysFromCivil, wallFields, wallFromFields } from './civil.js';
import { isValidTimeZone, zoneTimeline } from './zone-timeline.js';

const HOUR = 3_600_000;
const utc = (iso: string): number => Date.parse(iso);

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

describe('zone timeline', () => {
  it('knows IANA names and rejects others', () => {
    expect(isValidTimeZone('Australia/Lord_Howe')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
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

  it('treats UTC as one offset forever', () => {
    const z = zoneTimeline('UTC');
    expect(z.offsetAt(utc('2024-03-10T07:00:00Z'))).toBe(0);
    const segment = z.segmentAt(utc('2024-03-10T07:00:00Z'));
    expect(segment.offsetBefore).toBe(segment.offset);
  });
});
