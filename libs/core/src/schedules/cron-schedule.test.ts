import { describe, expect, it } from 'vitest';
import { InvalidCronError, InvalidTimeZoneError } from '../cron/cron-errors.js';
import { compileCronSchedule, iterateTicks, nextTicks, previousTick, ticksBetween, type CronSchedule } from './cron-schedule.js';

const utc = (iso: string) => new Date(`${iso}Z`);
const isoOf = (ticks: { timestamp: Date }[]) => ticks.map((t) => t.timestamp.toISOString().slice(0, 16));

function backwardBetween(schedule: CronSchedule, start: Date, end: Date): number[] {
  const instants: number[] = [];
  for (const tick of iterateTicks(schedule, end, { direction: 'backward', inclusive: true })) {
    if (tick.timestamp <= start) break;
    instants.push(tick.timestamp.getTime());
  }
  return instants;
}

describe('compileCronSchedule', () => {
  it('defaults the zone to UTC and freezes plain data', () => {
    const schedule = compileCronSchedule({ cron: '@daily' });
    expect(schedule).toEqual({ crons: [{ source: '@daily', expression: '0 0 * * *', firesEveryHour: false }], timezone: 'UTC' });
    expect(Object.isFrozen(schedule) && Object.isFrozen(schedule.crons) && Object.isFrozen(schedule.crons[0])).toBe(true);
  });

  it('takes cron as a list or crons, and drops crons with the same expression', () => {
    const fromList = compileCronSchedule({ cron: ['0 9 * * 1-5', '@daily', '0 0 * * *'], timezone: 'Europe/Paris' });
    const fromCrons = compileCronSchedule({ crons: ['0 9 * * 1-5', '@daily', '0 0 * * *'], timezone: 'Europe/Paris' });
    expect(fromList.crons.map((c) => c.source)).toEqual(['0 9 * * 1-5', '@daily']);
    expect(fromCrons).toEqual(fromList);
  });

  it('rejects both cron and crons, no cron at all, bad crons and bad zones', () => {
    expect(() => compileCronSchedule({ cron: '@daily', crons: ['@hourly'] })).toThrow(/give cron or crons, not both/);
    expect(() => compileCronSchedule({ crons: [] })).toThrow(new InvalidCronError('', 'a schedule needs at least one cron string'));
    expect(() => compileCronSchedule({})).toThrow(InvalidCronError);
    expect(() => compileCronSchedule({ crons: ['@daily', '0 0 30 2 *'] })).toThrow('invalid cron "0 0 30 2 *"');
    expect(() => compileCronSchedule({ cron: '@daily', timezone: 'Moon/Base' })).toThrow(InvalidTimeZoneError);
  });

  it('survives a JSON round trip', () => {
    const schedule = compileCronSchedule({ crons: ['*/20 * * * *', '0 3 * * *'], timezone: 'Asia/Kolkata' });
    const revived = JSON.parse(JSON.stringify(schedule)) as CronSchedule;
    const from = utc('2025-05-01T00:00:00');
    expect(nextTicks(revived, from, 5)).toEqual(nextTicks(schedule, from, 5));
  });
});

describe('tick helpers', () => {
  const hourly = compileCronSchedule({ cron: '0 * * * *', timezone: 'UTC' });

  it('excludes a start on a tick by default and includes it with inclusive: true', () => {
    const onTick = utc('2025-01-01T10:00:00');
    expect(isoOf(nextTicks(hourly, onTick, 2))).toEqual(['2025-01-01T11:00', '2025-01-01T12:00']);
    expect(isoOf(nextTicks(hourly, onTick, 2, { inclusive: true }))).toEqual(['2025-01-01T10:00', '2025-01-01T11:00']);
    expect(previousTick(hourly, onTick)?.timestamp).toEqual(utc('2025-01-01T09:00:00'));
    expect(previousTick(hourly, onTick, { inclusive: true })?.timestamp).toEqual(utc('2025-01-01T10:00:00'));
  });

  it('handles starts between seconds', () => {
    const justAfter = new Date(utc('2025-01-01T10:00:00').getTime() + 1);
    expect(isoOf(nextTicks(hourly, justAfter, 1, { inclusive: true }))).toEqual(['2025-01-01T11:00']);
    expect(previousTick(hourly, justAfter)?.timestamp).toEqual(utc('2025-01-01T10:00:00'));
    const justBefore = new Date(utc('2025-01-01T10:00:00').getTime() - 1);
    expect(isoOf(nextTicks(hourly, justBefore, 1))).toEqual(['2025-01-01T10:00']);
  });

  it('returns (start, end] from ticksBetween, or [start, end] with inclusive: true', () => {
    const start = utc('2025-01-01T10:00:00');
    const end = utc('2025-01-01T13:00:00');
    expect(isoOf(ticksBetween(hourly, start, end))).toEqual(['2025-01-01T11:00', '2025-01-01T12:00', '2025-01-01T13:00']);
    expect(isoOf(ticksBetween(hourly, start, end, { inclusive: true }))).toHaveLength(4);
    expect(ticksBetween(hourly, end, start)).toEqual([]);
  });

  it('gives each tick its local time in the schedule zone', () => {
    const kolkata = compileCronSchedule({ cron: '30 9 * * *', timezone: 'Asia/Kolkata' });
    expect(nextTicks(kolkata, utc('2025-01-01T00:00:00'), 1)).toEqual([{ timestamp: utc('2025-01-01T04:00:00'), localTime: '2025-01-01T09:30:00+05:30' }]);
  });

  it('returns fewer ticks when the cron runs out, and none for count 0', () => {
    const leap = compileCronSchedule({ cron: '0 0 29 2 *' });
    expect(isoOf(nextTicks(leap, utc('2990-01-01T00:00:00'), 5))).toEqual(['2992-02-29T00:00', '2996-02-29T00:00']);
    expect(nextTicks(leap, utc('2996-03-01T00:00:00'), 1)).toEqual([]);
    expect(nextTicks(hourly, utc('2025-01-01T00:00:00'), 0)).toEqual([]);
    expect(() => nextTicks(hourly, utc('2025-01-01T00:00:00'), -1)).toThrow(RangeError);
    expect(() => nextTicks(hourly, new Date(Number.NaN), 1)).toThrow('from must be a valid Date');
  });
});

describe('several crons', () => {
  it('fire at the sorted union of their ticks, each instant once', () => {
    const schedule = compileCronSchedule({ crons: ['0 */6 * * *', '0 9 * * *', '0 12 * * 1-5'], timezone: 'UTC' });
    // Wednesday 2025-01-01: 12:00 is in two crons, fired once.
    expect(isoOf(nextTicks(schedule, utc('2025-01-01T00:00:00'), 6, { inclusive: true }))).toEqual([
      '2025-01-01T00:00',
      '2025-01-01T06:00',
      '2025-01-01T09:00',
      '2025-01-01T12:00',
      '2025-01-01T18:00',
      '2025-01-02T00:00',
    ]);
    expect(previousTick(schedule, utc('2025-01-01T12:00:00'))?.timestamp).toEqual(utc('2025-01-01T09:00:00'));
  });

  it('merge DST-resolved ticks too: a gap-shifted 02:30 and a 03:00 cron fire once at 03:00', () => {
    const schedule = compileCronSchedule({ crons: ['30 2 * * *', '0 3 * * *'], timezone: 'America/New_York' });
    expect(nextTicks(schedule, utc('2025-03-08T12:00:00'), 3).map((t) => t.localTime)).toEqual([
      '2025-03-09T03:00:00-04:00',
      '2025-03-10T02:30:00-04:00',
      '2025-03-10T03:00:00-04:00',
    ]);
  });
});

describe('croner 11 nextRun day-of-month bug (STACK.md)', () => {
  it('0 0 */10 * * from 21 Feb fires on 1 Mar, not 11 Mar', () => {
    const schedule = compileCronSchedule({ cron: '0 0 */10 * *' });
    expect(isoOf(nextTicks(schedule, utc('2025-02-21T00:00:00'), 2))).toEqual(['2025-03-01T00:00', '2025-03-11T00:00']);
    expect(isoOf(nextTicks(schedule, utc('2025-02-21T12:00:00'), 1))).toEqual(['2025-03-01T00:00']);
  });

  it('0 0 1,31 * * from 1 Feb fires on 1 Mar, not 31 Mar', () => {
    const schedule = compileCronSchedule({ cron: '0 0 1,31 * *' });
    expect(isoOf(nextTicks(schedule, utc('2025-02-01T00:00:00'), 3))).toEqual(['2025-03-01T00:00', '2025-03-31T00:00', '2025-04-01T00:00']);
  });

  it('holds in a zone with DST too', () => {
    const schedule = compileCronSchedule({ cron: '0 0 1,31 * *', timezone: 'America/New_York' });
    expect(nextTicks(schedule, new Date('2025-02-01T05:00:00Z'), 2).map((t) => t.localTime)).toEqual(['2025-03-01T00:00:00-05:00', '2025-03-31T00:00:00-04:00']);
  });

  it("matches Dagster's DST_PARAMS rows for */10 and */30 day-of-month steps", () => {
    const tens = compileCronSchedule({ cron: '0 0 */10 * *' });
    expect(isoOf(nextTicks(tens, utc('2024-01-21T00:00:00'), 6))).toEqual([
      '2024-01-31T00:00',
      '2024-02-01T00:00',
      '2024-02-11T00:00',
      '2024-02-21T00:00',
      '2024-03-01T00:00',
      '2024-03-11T00:00',
    ]);
    const thirties = compileCronSchedule({ cron: '0 0 */30 * *' });
    expect(isoOf(nextTicks(thirties, utc('2024-01-01T00:00:00'), 6, { inclusive: true }))).toEqual([
      '2024-01-01T00:00',
      '2024-01-31T00:00',
      '2024-02-01T00:00',
      '2024-03-01T00:00',
      '2024-03-31T00:00',
      '2024-04-01T00:00',
    ]);
  });
});

describe('forward and backward iteration agree over a year', () => {
  const start = utc('2025-01-01T00:00:00');
  const end = utc('2026-01-01T00:00:00');
  const crons = ['0 * * * *', '30 1 * * *', '30 2 * * 0', '0 2 1 * *', '*/30 0-3 * * *', '0 0 L * *', '15 2,14 * * 1-5'];

  it.each(['America/New_York', 'Australia/Lord_Howe', 'Australia/Sydney'])('%s', (timezone) => {
    for (const cron of crons) {
      const schedule = compileCronSchedule({ cron, timezone });
      const forward = ticksBetween(schedule, start, end).map((t) => t.timestamp.getTime());
      expect(forward.length, cron).toBeGreaterThan(10);
      expect(backwardBetween(schedule, start, end).reverse(), cron).toEqual(forward);
      expect(forward.every((t, i) => i === 0 || t > (forward[i - 1] ?? t)), `${cron} ascending`).toBe(true);
    }
  });

  it('for every 15 minutes in Lord Howe, with exactly one tick per 15 minutes of elapsed time', () => {
    const schedule = compileCronSchedule({ cron: '*/15 * * * *', timezone: 'Australia/Lord_Howe' });
    const forward = ticksBetween(schedule, start, end).map((t) => t.timestamp.getTime());
    // The zone's half-hour offsets keep :00/:15/:30/:45 on UTC quarter hours, so DST changes
    // neither add nor drop a tick: 365 days × 96.
    expect(forward).toHaveLength(365 * 96);
    expect(backwardBetween(schedule, start, end).reverse()).toEqual(forward);
  });

  it('for a daily cron, with one fewer hour between ticks across spring forward', () => {
    const schedule = compileCronSchedule({ cron: '0 12 * * *', timezone: 'America/New_York' });
    const ticks = ticksBetween(schedule, start, end).map((t) => t.timestamp.getTime());
    expect(ticks).toHaveLength(365);
    const gaps = new Set(ticks.slice(1).map((t, i) => (t - (ticks[i] ?? t)) / 3_600_000));
    expect([...gaps].sort()).toEqual([23, 24, 25]);
  });
});
