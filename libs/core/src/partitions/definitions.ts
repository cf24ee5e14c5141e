import { DynamicPartitionsDefinition } from './dynamic/dynamic-definition.js';
import { MultiPartitionsDefinition } from './multi/multi-definition.js';
import { StaticPartitionsDefinition } from './static/static-definition.js';
import { TimeWindowPartitionsDefinition } from './time-window/time-window-definition.js';
import {
  DEFAULT_DATE_FORMAT,
  DEFAULT_HOURLY_FORMAT,
  cronForSchedule,
  type CronPartitionsOptions,
  type DailyPartitionsOptions,
  type HourlyPartitionsOptions,
  type MonthlyPartitionsOptions,
  type WeeklyPartitionsOptions,
} from './time-window/time-window-options.js';
import type { SinglePartitionsDefinition } from './types.js';

// Builders named after Dagster's classes. Each validates its options once and throws
// InvalidPartitionsDefinitionError (or InvalidPartitionKeysError for static keys).

/** Hourly windows starting `minuteOffset` past each hour; keys `%Y-%m-%d-%H:%M` by default. */
export function hourlyPartitionsDefinition(options: HourlyPartitionsOptions): TimeWindowPartitionsDefinition {
  return fromSchedule('hourly', options, DEFAULT_HOURLY_FORMAT);
}

/** Daily windows starting at `hourOffset:minuteOffset`; keys `%Y-%m-%d` by default. */
export function dailyPartitionsDefinition(options: DailyPartitionsOptions): TimeWindowPartitionsDefinition {
  return fromSchedule('daily', options, DEFAULT_DATE_FORMAT);
}

/** Weekly windows starting on weekday `dayOffset` (0 = Sunday); keys `%Y-%m-%d` by default. */
export function weeklyPartitionsDefinition(options: WeeklyPartitionsOptions): TimeWindowPartitionsDefinition {
  return fromSchedule('weekly', options, DEFAULT_DATE_FORMAT);
}

/** Monthly windows starting on day `dayOffset` (default 1); keys `%Y-%m-%d` by default, as in Dagster. */
export function monthlyPartitionsDefinition(options: MonthlyPartitionsOptions): TimeWindowPartitionsDefinition {
  return fromSchedule('monthly', options, DEFAULT_DATE_FORMAT);
}

/** Windows between the ticks of any five-field cron schedule. */
export function timeWindowPartitionsDefinition(options: CronPartitionsOptions): TimeWindowPartitionsDefinition {
  return new TimeWindowPartitionsDefinition(options);
}

/** A fixed list of keys, kept in order. */
export function staticPartitionsDefinition(keys: readonly string[]): StaticPartitionsDefinition {
  return new StaticPartitionsDefinition(keys);
}

/** Keys added at run time under `name`. */
export function dynamicPartitionsDefinition(name: string): DynamicPartitionsDefinition {
  return new DynamicPartitionsDefinition(name);
}

/** The cross product of named dimensions (two or more, at most one time-window). */
export function multiPartitionsDefinition(dimensions: Readonly<Record<string, SinglePartitionsDefinition>>): MultiPartitionsDefinition {
  return new MultiPartitionsDefinition(dimensions);
}

function fromSchedule(
  type: 'hourly' | 'daily' | 'weekly' | 'monthly',
  options: WeeklyPartitionsOptions,
  defaultFormat: string,
): TimeWindowPartitionsDefinition {
  return new TimeWindowPartitionsDefinition({
    cron: cronForSchedule(type, options),
    start: options.start,
    end: options.end,
    timezone: options.timezone,
    fmt: options.fmt ?? defaultFormat,
    endOffset: options.endOffset,
  });
}
