import type { CronPattern } from 'croner';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, civilFromDays, daysInMonth, weekdayOfDays } from './civil.js';

// A cron expression matched against wall-clock times, with no time zone: croner parses the
// expression (cron-parse.ts), and the matching is our own, on wall milliseconds, so that ticks
// can be stepped one UTC-offset segment at a time without a Date per tick. Time zones and DST
// are applied on top (cron-ticks.ts). Matching ourselves also avoids croner 11's nextRun bug
// with day-of-month lists (STACK.md). The day rules are croner's (`_matchDayValue`).

/** The coarsest calendar unit a key format must show for keys of a cron to stay distinct. */
export type CronUnit = 'minute' | 'hour' | 'day' | 'month' | 'year';

// The Gregorian calendar repeats every 400 years (146,097 days, a whole number of weeks): a
// cron that matches no day within one cycle never matches.
const CYCLE_DAYS = 146_097;
const MINUTES_PER_DAY = 1440;
const NTH_ANY = 0b111111;

/** A parsed five-field cron matched against wall times (no time zone). Build it with `cronMatcher` (cron-parse.ts). */
export class WallCron {
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  /** Dagster's "repeats every hour": the hour field is `*`, so DST repeats and skips apply per hour. */
  readonly repeatsEveryHour: boolean;
  /** The coarsest unit that distinguishes two ticks. */
  readonly finestUnit: CronUnit;
  /** When matches are evenly spaced in wall time (every day, and every k minutes/hours or once a day): the spacing in ms. */
  readonly stepMs: number | undefined;
  /** True when the day-of-month field uses `W` (nearest weekday) or `LW` (last weekday). */
  readonly usesWeekdayModifiers: boolean;
  /** Days of the month (1-31) whose nearest weekday matches (`15W`). */
  private readonly nearestDays: readonly number[];
  private readonly minuteAtOrAfter: Int8Array;
  private readonly minuteAtOrBefore: Int8Array;

  constructor(private readonly pattern: CronPattern) {
    const p = pattern;
    this.minutes = indexesOf(p.minute);
    this.hours = indexesOf(p.hour);
    this.nearestDays = indexesOf(p.nearestWeekdays).map((index) => index + 1);
    this.usesWeekdayModifiers = this.nearestDays.length > 0 || p.lastWeekday;
    this.repeatsEveryHour = this.hours.length === 24;
    this.minuteAtOrAfter = lookup(p.minute, 1);
    this.minuteAtOrBefore = lookup(p.minute, -1);
    const monthlyAtMost = !p.starDOM && p.starDOW && !p.lastDayOfMonth && !this.usesWeekdayModifiers && indexesOf(p.day).length === 1;
    this.finestUnit =
      this.minutes.length > 1 ? 'minute'
      : this.hours.length > 1 ? 'hour'
      : !monthlyAtMost ? 'day'
      : indexesOf(p.month).length > 1 ? 'month'
      : 'year';
    const everyDay = p.starDOM && p.starDOW && p.month.every((bit) => bit === 1);
    this.stepMs = everyDay ? evenStep(this.hours, this.minutes) : undefined;
  }

  /** The earliest matching wall minute strictly after `wall`, or undefined if the cron never matches. */
  nextWall(wall: number): number | undefined {
    const t = Math.floor(wall / MS_PER_MINUTE) * MS_PER_MINUTE + MS_PER_MINUTE;
    let days = Math.floor(t / MS_PER_DAY);
    let minuteOfDay = (t - days * MS_PER_DAY) / MS_PER_MINUTE;
    for (;;) {
      const day = this.matchingDay(days, 1);
      if (day === undefined) return undefined;
      const m = this.timeAtOrAfter(day === days ? minuteOfDay : 0);
      if (m >= 0) return day * MS_PER_DAY + m * MS_PER_MINUTE;
      days = day + 1;
      minuteOfDay = 0;
    }
  }

  /** The latest matching wall minute strictly before `wall`, or undefined if the cron never matches. */
  prevWall(wall: number): number | undefined {
    const t = (Math.ceil(wall / MS_PER_MINUTE) - 1) * MS_PER_MINUTE;
    let days = Math.floor(t / MS_PER_DAY);
    let minuteOfDay = (t - days * MS_PER_DAY) / MS_PER_MINUTE;
    for (;;) {
      const day = this.matchingDay(days, -1);
      if (day === undefined) return undefined;
      const m = this.timeAtOrBefore(day === days ? minuteOfDay : MINUTES_PER_DAY - 1);
      if (m >= 0) return day * MS_PER_DAY + m * MS_PER_MINUTE;
      days = day - 1;
      minuteOfDay = MINUTES_PER_DAY - 1;
    }
  }

  /** Whether any wall minute in `[from, to)` matches. */
  matchesBetween(from: number, to: number): boolean {
    const next = this.nextWall(from - 1);
    return next !== undefined && next < to;
  }

  /** The first day number from `days` on (direction 1) or back (-1) whose date matches, within one 400-year cycle. */
  private matchingDay(days: number, direction: 1 | -1): number | undefined {
    const limit = days + direction * CYCLE_DAYS;
    for (let d = days; (limit - d) * direction > 0; ) {
      const { year, month, day } = civilFromDays(d);
      if (this.pattern.month[month - 1] !== 1) {
        // A month the cron leaves out is passed in one step: rare crons search centuries.
        d = direction === 1 ? d - day + daysInMonth(year, month) + 1 : d - day;
        continue;
      }
      if (this.matchesDate(year, month, day, d)) return d;
      d += direction;
    }
    return undefined;
  }

  // Vixie-cron day rule, as croner and croniter apply it: with both day fields restricted a day
  // matches either (both with croner's `+` prefix); `L` is the month's last day; `15W` the
  // weekday nearest the 15th; `LW` the last weekday; `5#2` a weekday's nth (bits 1-16) or last (32).
  private matchesDate(year: number, month: number, day: number, days: number): boolean {
    const p = this.pattern;
    if (p.starDOM && p.starDOW) return true;
    const lastDay = daysInMonth(year, month);
    const nth = p.dayOfWeek[weekdayOfDays(days)] ?? 0;
    const nthBit = (1 << (Math.ceil(day / 7) - 1)) | (day + 7 > lastDay ? 32 : 0);
    const dowMatch = nth === NTH_ANY || (nth & nthBit) !== 0;
    if (p.starDOM) return dowMatch;
    const domMatch =
      p.day[day - 1] === 1 ||
      (p.lastDayOfMonth && day === lastDay) ||
      (this.usesWeekdayModifiers && this.matchesWeekdayModifier(day, lastDay, days));
    if (p.starDOW) return domMatch;
    return p.useAndLogic ? domMatch && dowMatch : domMatch || dowMatch;
  }

  /** `LW` and `nW`, as croner reads them (getLastWeekday, getNearestWeekday). */
  private matchesWeekdayModifier(day: number, lastDay: number, days: number): boolean {
    const weekdayOf = (d: number): number => weekdayOfDays(days - day + d);
    if (this.pattern.lastWeekday) {
      const lastWeekday = weekdayOf(lastDay);
      if (day === (lastWeekday === 0 ? lastDay - 2 : lastWeekday === 6 ? lastDay - 1 : lastDay)) return true;
    }
    for (const n of this.nearestDays) {
      if (n > lastDay) continue;
      const weekday = weekdayOf(n);
      // A Saturday moves to Friday unless that leaves the month (the 1st moves to Monday the
      // 3rd); a Sunday to Monday, or to Friday when it is the month's last day.
      const nearest = weekday === 0 ? (n === lastDay ? n - 2 : n + 1) : weekday === 6 ? (n === 1 ? n + 2 : n - 1) : n;
      if (nearest === day) return true;
    }
    return false;
  }

  /** The first matching minute of the day at or after `minuteOfDay`, or -1. */
  private timeAtOrAfter(minuteOfDay: number): number {
    const hour = Math.floor(minuteOfDay / 60);
    for (const h of this.hours) {
      if (h < hour) continue;
      const m = this.minuteAtOrAfter[h === hour ? minuteOfDay % 60 : 0]!;
      if (m >= 0) return h * 60 + m;
    }
    return -1;
  }

  /** The last matching minute of the day at or before `minuteOfDay`, or -1. */
  private timeAtOrBefore(minuteOfDay: number): number {
    const hour = Math.floor(minuteOfDay / 60);
    for (let i = this.hours.length - 1; i >= 0; i--) {
      const h = this.hours[i]!;
      if (h > hour) continue;
      const m = this.minuteAtOrBefore[h === hour ? minuteOfDay % 60 : 59]!;
      if (m >= 0) return h * 60 + m;
    }
    return -1;
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
