import type { CivilDateTime } from '../../cron/civil.js';
import { InvalidPartitionsDefinitionError } from '../errors.js';

/** Options shared by every time-window partitions definition. */
export interface TimeWindowCommonOptions {
  /**
   * The first partition is the first window starting at or after `start`. A Date is an instant;
   * a string is read with `fmt` (like a key), or as ISO 8601 (`2024-01-01`, `2024-01-01T06:00`)
   * in `timezone` unless it carries `Z` or an offset.
   */
  readonly start: Date | string;
  /** Exclusive: only windows ending at or before `end` exist. Same forms as `start`. Default: none. */
  readonly end?: Date | string | undefined;
  /** IANA time zone the windows follow, e.g. `America/New_York`. Default `UTC`. */
  readonly timezone?: string | undefined;
  /**
   * Key format (strftime subset: `%Y %m %d %H %M %S %j %b %B %z %%`, fixed widths). Default
   * `%Y-%m-%d-%H:%M` for hourly or finer schedules, `%Y-%m-%d` otherwise.
   */
  readonly fmt?: string | undefined;
  /**
   * Shifts the last partition: 0 (default) ends it at or before now; 1 also includes the window
   * in progress; -1 drops the most recent finished window; and so on.
   */
  readonly endOffset?: number | undefined;
}

/** Options of a time-window definition on any five-field cron schedule (window bounds are its ticks). */
export interface CronPartitionsOptions extends TimeWindowCommonOptions {
  readonly cron: string;
}

/** Options of hourly partitions. */
export interface HourlyPartitionsOptions extends TimeWindowCommonOptions {
  /** Minutes past the hour at which windows start (0-59). Default 0. */
  readonly minuteOffset?: number | undefined;
}

/** Options of daily partitions. */
export interface DailyPartitionsOptions extends HourlyPartitionsOptions {
  /** Hour (0-23) at which windows start. Default 0. */
  readonly hourOffset?: number | undefined;
}

/** Options of weekly partitions. */
export interface WeeklyPartitionsOptions extends DailyPartitionsOptions {
  /** Weekday windows start on: 0 (Sunday, default) to 6 (Saturday). */
  readonly dayOffset?: number | undefined;
}

/** Options of monthly partitions. */
export interface MonthlyPartitionsOptions extends DailyPartitionsOptions {
  /** Day of the month (1-31, default 1) windows start on; months without that day are skipped. */
  readonly dayOffset?: number | undefined;
}

/** Cadence of a time-window definition whose cron is one of Dagster's four shapes. */
export type PartitionScheduleType = 'hourly' | 'daily' | 'weekly' | 'monthly';

/** Dagster's default key formats. */
export const DEFAULT_DATE_FORMAT = '%Y-%m-%d';
export const DEFAULT_HOURLY_FORMAT = '%Y-%m-%d-%H:%M';

/** The cron of a cadence and its offsets, exactly as Dagster builds it. */
export function cronForSchedule(type: PartitionScheduleType, options: WeeklyPartitionsOptions): string {
  const minute = offsetOption(options.minuteOffset, 'minuteOffset', 0, 59, 0);
  if (type === 'hourly') return `${minute} * * * *`;
  const hour = offsetOption(options.hourOffset, 'hourOffset', 0, 23, 0);
  if (type === 'daily') return `${minute} ${hour} * * *`;
  if (type === 'weekly') return `${minute} ${hour} * * ${offsetOption(options.dayOffset, 'dayOffset', 0, 6, 0)}`;
  return `${minute} ${hour} ${offsetOption(options.dayOffset, 'dayOffset', 1, 31, 1)} * *`;
}

/** The cadence of a cron string, when it has one of the four shapes (Dagster's `schedule_type`). */
export function scheduleTypeOfCron(cron: string): PartitionScheduleType | undefined {
  if (/^\d+ \* \* \* \*$/.test(cron)) return 'hourly';
  if (/^\d+ \d+ \* \* \*$/.test(cron)) return 'daily';
  if (/^\d+ \d+ \* \* \d+$/.test(cron)) return 'weekly';
  if (/^\d+ \d+ \d+ \* \*$/.test(cron)) return 'monthly';
  return undefined;
}

function offsetOption(value: number | undefined, field: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidPartitionsDefinitionError(field, `must be an integer from ${min} to ${max}, got ${value}`);
  }
  return value;
}

/** A start or end string in ISO form: its wall time fields and, when given, its UTC offset in minutes. */
export interface IsoDateTime extends CivilDateTime {
  readonly offsetMinutes: number | undefined;
}

// An offset only after a time: `2024-11-03-00:00` (an hourly key) must not read as a date at -00:00.
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Parses `2024-01-01`, `2024-01-01T06:30[:00]`, with optional `Z` / `±HH:MM`; undefined otherwise. */
export function parseIsoDateTime(text: string): IsoDateTime | undefined {
  const m = ISO.exec(text);
  if (m === null) return undefined;
  const zone = m[7];
  let offsetMinutes: number | undefined;
  if (zone === 'Z') offsetMinutes = 0;
  else if (zone !== undefined) {
    const digits = zone.replace(':', '');
    offsetMinutes = (digits[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  return {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
    offsetMinutes,
  };
}
