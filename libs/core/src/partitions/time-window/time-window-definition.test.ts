import { describe, expect, it } from 'vitest';
import {
  dailyPartitionsDefinition,
  hourlyPartitionsDefinition,
  monthlyPartitionsDefinition,
  timeWindowPartitionsDefinition,
  weeklyPartitionsDefinition,
} from '../definitions.js';
import { InvalidCronError, InvalidTimeZoneError } from '../../cron/cron-errors.js';
import { InvalidPartitionKeyRangeError, InvalidPartitionsDefinitionError, PartitionKeyNotFoundError } from '../errors.js';

const at = (iso: string) => ({ now: new Date(iso) });

describe('time-window definitions', () => {
  it('build Dagster crons from cadences and offsets', () => {
    expect(hourlyPartitionsDefinition({ start: '2024-01-01', minuteOffset: 15 }).cron).toBe('15 * * * *');
    expect(dailyPartitionsDefinition({ start: '2024-01-01', hourOffset: 6, minuteOffset: 30 }).cron).toBe('30 6 * * *');
    expect(weeklyPartitionsDefinition({ start: '2024-01-01', dayOffset: 1 }).cron).toBe('0 0 * * 1');
    expect(monthlyPartitionsDefinition({ start: '2024-01-01' }).cron).toBe('0 0 1 * *');
    expect(monthlyPartitionsDefinition({ start: '2024-01-01', dayOffset: 15 }).scheduleType).toBe('monthly');
    expect(timeWindowPartitionsDefinition({ cron: '0 0 * * 1-5', start: '2024-01-01' }).scheduleType).toBeUndefined();
  });

  it('make a partition per finished window, keyed by its start', () => {
    const daily = dailyPartitionsDefinition({ start: '2024-01-01' });
    expect(daily.allKeys(at('2024-01-04T12:00:00Z'))).toEqual(['2024-01-01', '2024-01-02', '2024-01-03']);
    expect(daily.count(at('2024-01-04T00:00:00Z'))).toBe(3);
    expect(daily.allKeys(at('2024-01-01T23:59:59Z'))).toEqual([]);
    expect(daily.firstKey(at('2024-01-01T23:59:59Z'))).toBeUndefined();
    expect(daily.lastKey(at('2024-01-04T12:00:00Z'))).toBe('2024-01-03');
  });

  it('start the first window at the first tick at or after start', () => {
    const weekly = weeklyPartitionsDefinition({ start: '2024-01-03' });
    expect(weekly.firstKey(at('2024-03-01'))).toBe('2024-01-07');
    const monthly = monthlyPartitionsDefinition({ start: '2024-01-15', fmt: '%Y-%m' });
    expect(monthly.allKeys(at('2024-05-01T00:00:00Z'))).toEqual(['2024-02', '2024-03', '2024-04']);
    // Months without day 31 are skipped: the January window runs to March 31.
    const lastDays = monthlyPartitionsDefinition({ start: '2024-01-01', dayOffset: 31 });
    expect(lastDays.allKeys(at('2024-06-01'))).toEqual(['2024-01-31', '2024-03-31']);
    expect(lastDays.windowForKey('2024-01-31').end.toISOString()).toBe('2024-03-31T00:00:00.000Z');
    expect(lastDays.existingWindow(at('2024-06-01'))).toEqual({ start: new Date('2024-01-31T00:00:00Z'), end: new Date('2024-05-31T00:00:00Z') });
  });

  it('honour hour and minute offsets in keys and windows', () => {
    const daily = dailyPartitionsDefinition({ start: '2024-01-01', hourOffset: 6 });
    expect(daily.allKeys(at('2024-01-03T06:00:00Z'))).toEqual(['2024-01-01', '2024-01-02']);
    expect(daily.windowForKey('2024-01-02')).toEqual({ start: new Date('2024-01-02T06:00:00Z'), end: new Date('2024-01-03T06:00:00Z') });
    const hourly = hourlyPartitionsDefinition({ start: '2024-01-01-00:00', minuteOffset: 30 });
    expect(hourly.allKeys(at('2024-01-01T02:45:00Z'))).toEqual(['2024-01-01-00:30', '2024-01-01-01:30']);
  });

  it('include the window in progress with endOffset 1 and drop recent ones with negative offsets', () => {
    const options = { start: '2024-01-01' };
    const now = at('2024-01-04T12:00:00Z');
    expect(dailyPartitionsDefinition({ ...options, endOffset: 1 }).lastKey(now)).toBe('2024-01-04');
    expect(dailyPartitionsDefinition({ ...options, endOffset: 2 }).count(now)).toBe(5);
    expect(dailyPartitionsDefinition({ ...options, endOffset: -1 }).allKeys(now)).toEqual(['2024-01-01', '2024-01-02']);
    expect(dailyPartitionsDefinition({ ...options, endOffset: -5 }).count(now)).toBe(0);
    // A start in the future: endOffset counts windows from the first one, as in Dagster.
    expect(dailyPartitionsDefinition({ start: '2024-02-01', endOffset: 1 }).allKeys(now)).toEqual(['2024-02-01']);
  });

  it('stop at end (exclusive), also with a positive endOffset', () => {
    const bounded = dailyPartitionsDefinition({ start: '2024-01-01', end: '2024-01-03', endOffset: 3 });
    expect(bounded.allKeys(at('2024-06-01'))).toEqual(['2024-01-01', '2024-01-02']);
    expect(bounded.allKeys(at('2024-01-01T12:00:00Z'))).toEqual(['2024-01-01', '2024-01-02']);
    expect(() => bounded.windowForKey('2024-01-03')).toThrow(PartitionKeyNotFoundError);
    expect(dailyPartitionsDefinition({ start: '2024-01-01', end: '2024-01-05', endOffset: -1 }).lastKey(at('2025-01-01'))).toBe('2024-01-03');
  });

  it('map keys to windows and instants to keys', () => {
    const hourly = hourlyPartitionsDefinition({ start: '2024-01-01-00:00', timezone: 'Asia/Kolkata' });
    expect(hourly.windowForKey('2024-01-02-05:00')).toEqual({ start: new Date('2024-01-01T23:30:00Z'), end: new Date('2024-01-02T00:30:00Z') });
    expect(hourly.keyForTime(new Date('2024-01-02T00:29:59Z'))).toBe('2024-01-02-05:00');
    expect(hourly.hasKey('2024-01-02-05:00', at('2024-01-02T00:30:00Z'))).toBe(true);
    expect(hourly.hasKey('2024-01-02-05:00', at('2024-01-02T00:29:59Z'))).toBe(false);
    expect(hourly.hasKey('2024-01-02-05:30', at('2025-01-01'))).toBe(false);
    expect(hourly.hasKey('2023-12-31-23:00', at('2025-01-01'))).toBe(false);
  });

  it('list keys in an inclusive range of existing keys', () => {
    const daily = dailyPartitionsDefinition({ start: '2024-01-01' });
    const now = at('2024-02-01');
    expect(daily.keysInRange({ start: '2024-01-30', end: '2024-01-31' }, now)).toEqual(['2024-01-30', '2024-01-31']);
    expect(daily.keysInRange({ start: '2024-01-05', end: '2024-01-05' }, now)).toEqual(['2024-01-05']);
    expect(() => daily.keysInRange({ start: '2024-01-05', end: '2024-01-04' }, now)).toThrow(InvalidPartitionKeyRangeError);
    expect(() => daily.keysInRange({ start: '2024-01-05', end: '2024-02-01' }, now)).toThrow(/"2024-02-01" is not a partition/);
  });

  it('read start as a key, an ISO wall time or an instant', () => {
    const ny = { timezone: 'America/New_York' };
    expect(hourlyPartitionsDefinition({ ...ny, start: '2024-01-01-06:00' }).start.toISOString()).toBe('2024-01-01T11:00:00.000Z');
    expect(hourlyPartitionsDefinition({ ...ny, start: '2024-01-01T06:00' }).start.toISOString()).toBe('2024-01-01T11:00:00.000Z');
    expect(hourlyPartitionsDefinition({ ...ny, start: '2024-01-01T06:00:00Z' }).start.toISOString()).toBe('2024-01-01T06:00:00.000Z');
    expect(dailyPartitionsDefinition({ ...ny, start: new Date('2024-01-01T12:00:00Z') }).firstKey(at('2024-02-01'))).toBe('2024-01-02');
  });

  it('refuse invalid options, naming the option', () => {
    const bad = (f: () => unknown, field: string) => {
      try {
        f();
        expect.fail('no error');
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidPartitionsDefinitionError);
        expect((error as InvalidPartitionsDefinitionError).field).toBe(field);
      }
    };
    bad(() => dailyPartitionsDefinition({ start: '2024-01-01', timezone: 'Mars/Base' }), 'timezone');
    bad(() => dailyPartitionsDefinition({ start: 'yesterday' }), 'start');
    bad(() => dailyPartitionsDefinition({ start: '2024-02-30' }), 'start');
    bad(() => dailyPartitionsDefinition({ start: '2024-01-02', end: '2024-01-01' }), 'end');
    bad(() => dailyPartitionsDefinition({ start: '2024-01-01', hourOffset: 24 }), 'hourOffset');
    bad(() => weeklyPartitionsDefinition({ start: '2024-01-01', dayOffset: 7 }), 'dayOffset');
    bad(() => dailyPartitionsDefinition({ start: '2024-01-01', endOffset: 0.5 }), 'endOffset');
    bad(() => timeWindowPartitionsDefinition({ cron: '0 0 * *', start: '2024-01-01' }), 'cron');
    bad(() => weeklyPartitionsDefinition({ start: '2024-01-01', fmt: '%Y-%m' }), 'fmt');
    bad(() => hourlyPartitionsDefinition({ start: '2024-01-01', fmt: '%Y-%m-%d' }), 'fmt');
    bad(() => dailyPartitionsDefinition({ start: '2024-01-01', fmt: '%Y|%m|%d' }), 'fmt');
  });

  it('refuse six fields, garbage, crons that never fire, and W and LW', () => {
    const withCron = (cron: string) => () => timeWindowPartitionsDefinition({ cron, start: '2024-01-01' });
    expect(withCron('0 0 0 * * *')).toThrow(/five-field/);
    expect(withCron('every day')).toThrow(InvalidPartitionsDefinitionError);
    expect(withCron('0 0 30 2 *')).toThrow(/never fires/);
    expect(withCron('0 0 15W * *')).toThrow(/W and LW/);
    expect(withCron('0 0 LW * *')).toThrow(/W and LW/);
  });

  it('validate crons and zones as schedules do, with the schedules\' error as the cause', () => {
    const causeOf = (f: () => unknown): unknown => {
      try {
        f();
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidPartitionsDefinitionError);
        return (error as InvalidPartitionsDefinitionError).cause;
      }
      return expect.fail('no error');
    };
    const cronCause = causeOf(() => timeWindowPartitionsDefinition({ cron: '0 */5 * * * *', start: '2024-01-01' }));
    expect(cronCause).toBeInstanceOf(InvalidCronError);
    expect((cronCause as InvalidCronError).reason).toMatch(/^it has 6 fields/);
    expect(causeOf(() => dailyPartitionsDefinition({ start: '2024-01-01', timezone: '+05:30' }))).toBeInstanceOf(InvalidTimeZoneError);
    // Macros are crons like any other.
    expect(timeWindowPartitionsDefinition({ cron: '@daily', start: '2024-01-01' }).allKeys(at('2024-01-03T00:00:00Z'))).toEqual(['2024-01-01', '2024-01-02']);
  });

  it('accept coarse formats when the cron fixes the finer fields', () => {
    const daily7 = timeWindowPartitionsDefinition({ cron: '0 7 * * *', start: '2024-01-01', fmt: '%Y%m%d' });
    expect(daily7.allKeys(at('2024-01-03T08:00:00Z'))).toEqual(['20240101', '20240102']);
    expect(daily7.windowForKey('20240102').start.toISOString()).toBe('2024-01-02T07:00:00.000Z');
  });
});
