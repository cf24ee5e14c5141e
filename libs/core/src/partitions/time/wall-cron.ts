import { CronPattern } from 'croner';
import { InvalidPartitionsDefinitionError } from '../errors.js';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, civilFromDays, daysInMonth, wallFromFields, weekdayOfDays } from './civil.js';

// A cron expression matched against wall-clock times, with no time zone: croner parses the
// expression (so partitions accept the same syntax as schedules), and the matching is our
// own, on wall milliseconds. Time zones and DST are applied on top (cron-ticks.ts). Matching
// ourselves also avoids croner 11's nextRun bug with day-of-month lists (STACK.md).

/** The coarsest calendar unit a key format must show for keys of a cron to stay distinct. */
export type CronUnit = 'minute' | 'hour' | 'day' | 'month' | 'year';

// Dagster's croniter accepts at most one firing per several years (Feb 29 on a weekday);
// 28 years covers every leap-year/weekday combination.
const SEARCH_DAYS = 28 * 366;
const NTH_ANY = 0b111111;

/** A parsed five-field cron matched against wall times (no time zone). */
export class WallCron {
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  /** Dagster's "repeats every hour": the hour field is `*`, so DST repeats and skips apply per hour. */
  readonly repeatsEveryHour: boolean;
  /** The coarsest unit that distinguishes two ticks. */
  readonly finestUnit: CronUnit;
  /** When matches are evenly spaced in wall time (every day, and every k minutes/hours or once a day): the spacing in ms. */
  readonly stepMs: number | undefined;
  private readonly pattern: CronPattern;
  private readonly minuteAtOrAfter: Int8Array;
  private readonly minuteAtOrBefore: Int8Array;

  /** Throws {@link InvalidPartitionsDefinitionError} (field `cron`) for invalid or never-firing expressions. */
  constructor(readonly expression: string) {
    try {
      this.pattern = new CronPattern(expression, undefined, { mode: '5-part' });
    } catch (error) {
      throw new InvalidPartitionsDefinitionError('cron', `${JSON.stringify(expression)} is not a five-field cron expression (${(error as Error).message})`, { cause: error });
    }
    const p = this.pattern;
    if (p.nearestWeekdays.some((v) => v !== 0) || p.lastWeekday) {
      throw new InvalidPartitionsDefinitionError('cron', `${JSON.stringify(expression)}: the W and LW day modifiers are not supported for partitions`);
    }
    this.minutes = indexesOf(p.minute);
    this.hours = indexesOf(p.hour);
    this.repeatsEveryHour = this.hours.length === 24;
    this.minuteAtOrAfter = lookup(p.minute, 1);
    this.minuteAtOrBefore = lookup(p.minute, -1);
    const monthlyAtMost = !p.starDOM && p.starDOW && !p.lastDayOfMonth && indexesOf(p.day).length === 1;
    this.finestUnit =
      this.minutes.length > 1 ? 'minute'
      : this.hours.length > 1 ? 'hour'
      : !monthlyAtMost ? 'day'
      : indexesOf(p.month).length > 1 ? 'month'
      : 'year';
    const everyDay = p.starDOM && p.starDOW && p.month.every((bit) => bit === 1);
    this.stepMs = everyDay ? evenStep(this.hours, this.minutes) : undefined;
    if (this.nextWall(wallFromFields(2000, 1, 1) - 1) === undefined) {
      throw new InvalidPartitionsDefinitionError('cron', `${JSON.stringify(expression)} never fires`);
    }
  }

  /** The earliest matching wall minute strictly after `wall`, or undefined if none within 28 years. */
  nextWall(wall: number): number | undefined {
    const t = Math.floor(wall / MS_PER_MINUTE) * MS_PER_MINUTE + MS_PER_MINUTE;
    let days = Math.floor(t / MS_PER_DAY);
    const minuteOfDay = (t - days * MS_PER_DAY) / MS_PER_MINUTE;
    let hour = Math.floor(minuteOfDay / 60);
    let minute = minuteOfDay % 60;
    for (let n = 0; n < SEARCH_DAYS; n++, days++, hour = 0, minute = 0) {
      if (!this.matchesDay(days)) continue;
      for (const h of this.hours) {
        if (h < hour) continue;
        const m = this.minuteAtOrAfter[h === hour ? minute : 0]!;
        if (m >= 0) return days * MS_PER_DAY + h * MS_PER_HOUR + m * MS_PER_MINUTE;
      }
    }
    return undefined;
  }

  /** The latest matching wall minute strictly before `wall`, or undefined if none within 28 years. */
  prevWall(wall: number): number | undefined {
    const t = (Math.ceil(wall / MS_PER_MINUTE) - 1) * MS_PER_MINUTE;
    let days = Math.floor(t / MS_PER_DAY);
    const minuteOfDay = (t - days * MS_PER_DAY) / MS_PER_MINUTE;
    let hour = Math.floor(minuteOfDay / 60);
    let minute = minuteOfDay % 60;
    for (let n = 0; n < SEARCH_DAYS; n++, days--, hour = 23, minute = 59) {
      if (!this.matchesDay(days)) continue;
      for (let i = this.hours.length - 1; i >= 0; i--) {
        const h = this.hours[i]!;
        if (h > hour) continue;
        const m = this.minuteAtOrBefore[h === hour ? minute : 59]!;
        if (m >= 0) return days * MS_PER_DAY + h * MS_PER_HOUR + m * MS_PER_MINUTE;
      }
    }
    return undefined;
  }

  /** Whether any wall minute in `[from, to)` matches. */
  matchesBetween(from: number, to: number): boolean {
    const next = this.nextWall(from - 1);
    return next !== undefined && next < to;
  }

  // Vixie-cron day rule, as croner and croniter apply it: with both day fields restricted a day
  // matches either; `L` is the month's last day; `5#2` a weekday's nth (bits 1-16) or last (32).
  private matchesDay(days: number): boolean {
    const p = this.pattern;
    const { year, month, day } = civilFromDays(days);
    if (p.month[month - 1] !== 1) return false;
    const lastDay = daysInMonth(year, month);
    const domMatch = p.day[day - 1] === 1 || (p.lastDayOfMonth && day === lastDay);
    const nth = p.dayOfWeek[weekdayOfDays(days)] ?? 0;
    const nthBit = (1 << (Math.ceil(day / 7) - 1)) | (day + 7 > lastDay ? 32 : 0);
    const dowMatch = nth === NTH_ANY || (nth & nthBit) !== 0;
    if (p.starDOM && p.starDOW) return true;
    if (p.starDOM) return dowMatch;
    if (p.starDOW) return domMatch;
    return p.useAndLogic ? domMatch && dowMatch : domMatch || dowMatch;
  }
}

/** Spacing of matches within a day when hours and minutes are evenly spaced, else undefined. */
function evenStep(hours: readonly number[], minutes: readonly number[]): number | undefined {
  const minuteStep = spacing(minutes, 60);
  if (hours.length === 24 && minuteStep !== undefined) return minuteStep * MS_PER_MINUTE;
  const hourStep = spacing(hours, 24);
  return minutes.length === 1 && hourStep !== undefined ? hourStep * MS_PER_HOUR : undefined;
}

/** k when `values` are v0, v0+k, v0+2k... covering a cycle of `length` evenly (v0 < k), else undefined. */
function spacing(values: readonly number[], length: number): number | undefined {
  const k = length / values.length;
  if (!Number.isInteger(k) || values[0]! >= k) return undefined;
  return values.every((v, i) => v === values[0]! + i * k) ? k : undefined;
}

function indexesOf(bits: readonly number[]): number[] {
  const out: number[] = [];
  bits.forEach((bit, i) => {
    if (bit !== 0) out.push(i);
  });
  return out;
}

/** For each minute, the nearest set minute at or after it (`direction` 1) or before it (-1); -1 if none. */
function lookup(bits: readonly number[], direction: 1 | -1): Int8Array {
  const out = new Int8Array(60).fill(-1);
  let nearest = -1;
  for (let k = 0; k < 60; k++) {
    const i = direction === 1 ? 59 - k : k;
    if (bits[i] === 1) nearest = i;
    out[i] = nearest;
  }
  return out;
}
