import { describe, expect, it } from 'vitest';
import { InvalidCronError } from '../cron/cron-errors.js';
import { CRON_MACROS, isValidCron, parseCron } from '../cron/cron-parse.js';
import { compileCronSchedule, nextTicks } from './cron-schedule.js';

/** The next `count` UTC firings after `from`, as ISO strings without seconds. */
function firings(cron: string, from: string, count: number): string[] {
  const schedule = compileCronSchedule({ cron });
  return nextTicks(schedule, new Date(from), count).map((tick) => tick.timestamp.toISOString().slice(0, 16));
}

function rejection(cron: string): InvalidCronError {
  try {
    parseCron(cron);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidCronError);
    return error as InvalidCronError;
  }
  throw new Error(`expected ${cron} to be rejected`);
}

describe('parseCron', () => {
  it('keeps the source and the five fields', () => {
    expect(parseCron('  */15 9-17 * * 1-5 ')).toEqual({ source: '*/15 9-17 * * 1-5', expression: '*/15 9-17 * * 1-5', firesEveryHour: false });
  });

  it('expands every macro Dagster (croniter) accepts, case-insensitively', () => {
    expect(Object.keys(CRON_MACROS)).toEqual(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
    expect(parseCron('@daily').expression).toBe('0 0 * * *');
    expect(parseCron('@midnight').expression).toBe('0 0 * * *');
    expect(parseCron('@HOURLY')).toEqual({ source: '@HOURLY', expression: '0 * * * *', firesEveryHour: true });
    expect(firings('@weekly', '2025-01-01T00:00:00Z', 2)).toEqual(['2025-01-05T00:00', '2025-01-12T00:00']);
    expect(firings('@monthly', '2025-01-15T00:00:00Z', 2)).toEqual(['2025-02-01T00:00', '2025-03-01T00:00']);
    expect(firings('@annually', '2025-06-01T00:00:00Z', 2)).toEqual(['2026-01-01T00:00', '2027-01-01T00:00']);
    expect(firings('@yearly', '2025-06-01T00:00:00Z', 1)).toEqual(['2026-01-01T00:00']);
  });

  it('rejects unknown macros and @reboot with the list of macros', () => {
    expect(rejection('@reboot').reason).toBe('unknown macro @reboot; use one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly');
    expect(rejection('@every_5m').reason).toMatch(/^unknown macro @every_5m/);
  });

  it('rejects six- and seven-field crons (seconds, years) that croner would accept', () => {
    const error = rejection('0 */5 * * * *');
    expect(error.message).toBe(
      'invalid cron "0 */5 * * * *": it has 6 fields; a cron has exactly 5 (minute hour day-of-month month day-of-week), with no seconds or year field',
    );
    expect(error.toWire()).toEqual({ code: 'VALIDATION_FAILED', message: error.message, details: { cron: '0 */5 * * * *', reason: error.reason } });
    expect(rejection('0 0 0 1 1 * 2030').reason).toMatch(/^it has 7 fields/);
    expect(rejection('0 0 *').reason).toMatch(/^it has 3 fields/);
  });

  it('names the field of an out-of-range value', () => {
    expect(rejection('60 * * * *').reason).toBe('minute 60 is out of range 0-59');
    expect(rejection('0 24 * * *').reason).toBe('hour 24 is out of range 0-23');
    expect(rejection('0 0 0 * *').reason).toBe('day-of-month 0 is out of range 1-31');
    expect(rejection('0 0 32 1 *').reason).toBe('day-of-month 32 is out of range 1-31');
    expect(rejection('0 0 1 13 *').reason).toBe('month 13 is out of range 1-12');
    expect(rejection('0 0 * * 8').reason).toBe('day-of-week 8 is out of range 0-7');
    expect(rejection('0 0 * * 1-9').reason).toBe('day-of-week 9 is out of range 0-7');
  });

  it("passes croner's reason for other syntax errors", () => {
    expect(rejection('*/0 * * * *').reason).toBe('Syntax error, illegal stepping: 0');
    expect(rejection('0 0 * * MON#9').reason).toMatch(/nth weekday/);
    expect(rejection('a b c d e').reason).toMatch(/illegal characters/);
    expect(rejection('5-1 * * * *').reason).toMatch(/larger than/);
    expect(rejection('').reason).toBe('it is empty');
  });

  it('rejects impossible dates at load, naming the cron and the reason', () => {
    for (const cron of ['0 0 31 2 *', '0 0 30 2 *', '0 0 30,31 2 *', '0 0 31 4,6,9,11 *']) {
      const error = rejection(cron);
      expect(error.cron).toBe(cron);
      expect(error.message).toBe(`invalid cron "${cron}": it never fires: no month it allows has that day of the month`);
    }
  });

  it('accepts days that only some years or weekdays reach', () => {
    expect(firings('0 0 29 2 *', '2025-01-01T00:00:00Z', 2)).toEqual(['2028-02-29T00:00', '2032-02-29T00:00']);
    // Day-of-month and day-of-week are OR-ed (Vixie cron, croniter): Mondays in February fire.
    expect(firings('0 0 31 2 1', '2025-01-01T00:00:00Z', 2)).toEqual(['2025-02-03T00:00', '2025-02-10T00:00']);
  });

  it('reads L as the last day of the month', () => {
    expect(firings('0 12 L * *', '2024-01-15T00:00:00Z', 4)).toEqual(['2024-01-31T12:00', '2024-02-29T12:00', '2024-03-31T12:00', '2024-04-30T12:00']);
    expect(firings('0 0 15,L * *', '2025-02-01T00:00:00Z', 3)).toEqual(['2025-02-15T00:00', '2025-02-28T00:00', '2025-03-15T00:00']);
  });

  it('reads day-of-week 7 as Sunday, alone and in ranges', () => {
    expect(firings('0 0 * * 7', '2025-01-01T00:00:00Z', 2)).toEqual(firings('0 0 * * 0', '2025-01-01T00:00:00Z', 2));
    expect(firings('0 0 * * 7', '2025-01-01T00:00:00Z', 1)).toEqual(['2025-01-05T00:00']);
    // Dagster's test_weekend_cron_schedule_with_sunday_as_7.
    expect(firings('0 0 * * 6-7', '2025-01-01T00:00:00Z', 4)).toEqual(['2025-01-04T00:00', '2025-01-05T00:00', '2025-01-11T00:00', '2025-01-12T00:00']);
  });

  it('reads ranges, steps, lists and names', () => {
    expect(firings('0 9-17/4 * * *', '2025-01-01T00:00:00Z', 4)).toEqual(['2025-01-01T09:00', '2025-01-01T13:00', '2025-01-01T17:00', '2025-01-02T09:00']);
    expect(firings('5,35 */12 * * *', '2025-01-01T00:00:00Z', 3)).toEqual(['2025-01-01T00:05', '2025-01-01T00:35', '2025-01-01T12:05']);
    expect(firings('0 0 1 JAN,JUL *', '2025-01-02T00:00:00Z', 2)).toEqual(['2025-07-01T00:00', '2026-01-01T00:00']);
    expect(firings('0 0 1 jan,jul *', '2025-01-02T00:00:00Z', 2)).toEqual(['2025-07-01T00:00', '2026-01-01T00:00']);
    expect(firings('0 8 * * MON-FRI', '2025-01-03T09:00:00Z', 2)).toEqual(['2025-01-06T08:00', '2025-01-07T08:00']);
  });

  it('reads nth and last weekdays, nearest weekdays, and ORs day-of-month with day-of-week', () => {
    expect(firings('0 9 * * 1#1', '2025-01-01T00:00:00Z', 2)).toEqual(['2025-01-06T09:00', '2025-02-03T09:00']);
    expect(firings('0 9 * * 5L', '2025-01-01T00:00:00Z', 2)).toEqual(['2025-01-31T09:00', '2025-02-28T09:00']);
    // 15 Feb 2025 is a Saturday: the nearest weekday is Friday the 14th.
    expect(firings('0 9 15W * *', '2025-02-01T00:00:00Z', 1)).toEqual(['2025-02-14T09:00']);
    // Every 13th and every Friday.
    expect(firings('0 0 13 * 5', '2025-06-01T00:00:00Z', 4)).toEqual(['2025-06-06T00:00', '2025-06-13T00:00', '2025-06-20T00:00', '2025-06-27T00:00']);
    expect(firings('0 0 13 * 5', '2025-07-01T00:00:00Z', 2)).toEqual(['2025-07-04T00:00', '2025-07-11T00:00']);
    expect(firings('0 0 13 * 5', '2025-07-11T00:00:00Z', 1)).toEqual(['2025-07-13T00:00']);
  });

  it('refuses a step without a range, as croner does', () => {
    expect(rejection('5/15 * * * *').reason).toMatch(/stepping with numeric prefix \('5\/15'\) is not allowed/);
  });

  it('classifies crons whose hour field covers all 24 hours as firing every hour', () => {
    expect(['* * * * *', '*/15 * * * *', '0 * * * *', '0 0-23 * * *', '30 * 1 * *'].map((cron) => parseCron(cron).firesEveryHour)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['*/30 0-3 * * *', '0 */2 * * *', '0 0-22 * * *', '@daily'].map((cron) => parseCron(cron).firesEveryHour)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('answers isValidCron without throwing', () => {
    expect([isValidCron('0 0 * * *'), isValidCron('0 0 31 2 *'), isValidCron('* * * * * *')]).toEqual([true, false, false]);
  });
});
