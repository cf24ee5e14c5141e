// Seattle's daily weather (data/seattle-weather.csv): the rules that turn the file's text
// into typed days, and what people read from them — the rain of the last seven days and
// the records of the whole period. Pure functions, shared by the assets and the tests.
import { groupBy, isDay } from './helpers.js';

/** A day as the CSV has it: every field text, unvalidated. */
export interface RawWeatherDay {
  readonly date: string;
  readonly precipitation: string;
  readonly temp_max: string;
  readonly temp_min: string;
  readonly wind: string;
  readonly weather: string;
}

/** The columns the CSV must have. */
export const WEATHER_COLUMNS = ['date', 'precipitation', 'temp_max', 'temp_min', 'wind', 'weather'] as const;

/** The file's categories (synthesized by vega-datasets from NOAA's fields). */
export const WEATHER_KINDS = ['drizzle', 'rain', 'snow', 'sun', 'fog'] as const;
export type WeatherKind = (typeof WEATHER_KINDS)[number];

/** One validated day. */
export interface WeatherDay {
  /** `YYYY-MM-DD`. */
  readonly date: string;
  /** Precipitation in mm. */
  readonly precipitationMm: number;
  /** Highest temperature of the day, °C. */
  readonly tempMaxC: number;
  /** Lowest temperature of the day, °C. */
  readonly tempMinC: number;
  /** Mean wind speed as the file gives it (its unit is uncertain: see data/README.md). */
  readonly wind: number;
  readonly weather: WeatherKind;
}

/** Thrown by {@link parseWeatherDay} for a row whose fields are not a weather day; lists every problem. */
export class InvalidWeatherRowError extends Error {
  constructor(
    readonly date: string,
    readonly problems: readonly string[],
  ) {
    super(`invalid weather row ${JSON.stringify(date)}: ${problems.join('; ')}`);
    this.name = 'InvalidWeatherRowError';
  }
}

const NUMBER = /^-?\d+(\.\d+)?$/;

/** Types a raw row. The values' plausibility is the `plausible_readings` check's job, not this one's. */
export function parseWeatherDay(raw: RawWeatherDay): WeatherDay {
  const problems: string[] = [];
  if (!isDay(raw.date)) problems.push('date is not a YYYY-MM-DD day');
  const number = (field: 'precipitation' | 'temp_max' | 'temp_min' | 'wind'): number => {
    const text = raw[field].trim();
    if (!NUMBER.test(text)) problems.push(`${field} ${JSON.stringify(raw[field])} is not a number`);
    return Number(text);
  };
  const day = {
    date: raw.date,
    precipitationMm: number('precipitation'),
    tempMaxC: number('temp_max'),
    tempMinC: number('temp_min'),
    wind: number('wind'),
    weather: raw.weather.trim() as WeatherKind,
  };
  if (!(WEATHER_KINDS as readonly string[]).includes(day.weather)) {
    problems.push(`weather ${JSON.stringify(raw.weather)} is none of ${WEATHER_KINDS.join(', ')}`);
  }
  if (problems.length > 0) throw new InvalidWeatherRowError(raw.date, problems);
  return day;
}

/** What makes a day's readings impossible: a minimum above the maximum, negative precipitation. */
export function readingProblems(day: WeatherDay): string[] {
  const problems: string[] = [];
  if (day.tempMinC > day.tempMaxC) problems.push(`temp_min ${day.tempMinC} > temp_max ${day.tempMaxC}`);
  if (day.precipitationMm < 0) problems.push(`precipitation ${day.precipitationMm} < 0`);
  return problems;
}

/**
 * The days of a partitioned input, by date. An input mapped to one upstream partition is
 * that partition's value; to several, a record by partition key (the IO managers'
 * convention). A day carries its `date`, which no partition key is called, so the two
 * shapes cannot be confused.
 */
export function daysOf<T extends { readonly date: string }>(input: T | Readonly<Record<string, T>>): T[] {
  const values = typeof input.date === 'string' ? [input as T] : Object.values(input as Readonly<Record<string, T>>);
  return values.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** Tenths of a millimetre: the file has one decimal, so sums of these are exact. */
const tenths = (mm: number): number => Math.round(mm * 10);

/** Rain over the days up to and including `date`. */
export interface RainWindow {
  /** The window's last day (the partition). */
  readonly date: string;
  /** Its first day: `days` − 1 days earlier, or the first day of the data. */
  readonly from: string;
  /** Days in the window: 7, fewer at the start of the data. */
  readonly days: number;
  /** Total precipitation, mm (one decimal). */
  readonly rainMm: number;
  /** Days with precipitation above 0. */
  readonly rainyDays: number;
  /** Consecutive days with precipitation ending at `date` (0 on a dry day), at most `days`. */
  readonly rainyStreak: number;
  /** The wettest day of the window (the earliest of equals); null for a dry window. */
  readonly wettest: { readonly date: string; readonly precipitationMm: number } | null;
}

/** The rain of the `length` days ending at `date`, from `days` (which may hold more days). */
export function rainWindow(date: string, days: readonly WeatherDay[], length = 7): RainWindow {
  const from = addDays(date, -(length - 1));
  const window = days.filter((day) => day.date >= from && day.date <= date).sort((a, b) => (a.date < b.date ? -1 : 1));
  if (window.at(-1)?.date !== date) throw new RangeError(`no weather for ${date} among the ${days.length} days given`);
  let rainyStreak = 0;
  for (let i = window.length - 1; i >= 0 && window[i]!.precipitationMm > 0; i -= 1) rainyStreak += 1;
  const wettest = window.reduce<WeatherDay | undefined>((best, day) => (day.precipitationMm > (best?.precipitationMm ?? 0) ? day : best), undefined);
  return {
    date,
    from: window[0]!.date,
    days: window.length,
    rainMm: window.reduce((sum, day) => sum + tenths(day.precipitationMm), 0) / 10,
    rainyDays: window.filter((day) => day.precipitationMm > 0).length,
    rainyStreak,
    wettest: wettest === undefined ? null : { date: wettest.date, precipitationMm: wettest.precipitationMm },
  };
}

/** One year of {@link WeatherRecords}. */
export interface YearSummary {
  readonly year: string;
  readonly days: number;
  /** Total precipitation, mm (one decimal). */
  readonly rainMm: number;
  readonly rainyDays: number;
  /** Mean of the daily maxima and minima, °C (two decimals). */
  readonly meanTempMaxC: number;
  readonly meanTempMinC: number;
}

/** The extremes of the whole period; ties go to the earliest day. */
export interface WeatherRecords {
  readonly days: number;
  readonly from: string;
  readonly to: string;
  readonly hottest: { readonly date: string; readonly tempMaxC: number };
  readonly coldest: { readonly date: string; readonly tempMinC: number };
  readonly wettest: { readonly date: string; readonly precipitationMm: number };
  readonly windiest: { readonly date: string; readonly wind: number };
  /** The longest run of consecutive days with precipitation (the earliest of equals); null when it never rained. */
  readonly longestRainyStreak: { readonly from: string; readonly to: string; readonly days: number } | null;
  readonly byYear: readonly YearSummary[];
}

/** Records and yearly totals of `days` (any order; at least one day). */
export function weatherRecords(input: readonly WeatherDay[]): WeatherRecords {
  const days = [...input].sort((a, b) => (a.date < b.date ? -1 : 1));
  const first = days[0];
  if (first === undefined) throw new RangeError('weather records of no day');
  // `>` (not `>=`): on ties the earliest day keeps the record.
  const extreme = (better: (day: WeatherDay, best: WeatherDay) => boolean) => days.reduce((best, day) => (better(day, best) ? day : best), first);
  const hottest = extreme((day, best) => day.tempMaxC > best.tempMaxC);
  const coldest = extreme((day, best) => day.tempMinC < best.tempMinC);
  const wettest = extreme((day, best) => day.precipitationMm > best.precipitationMm);
  const windiest = extreme((day, best) => day.wind > best.wind);

  let longest: { from: string; to: string; days: number } | undefined;
  let current: { from: string; to: string; days: number } | undefined;
  for (const day of days) {
    if (day.precipitationMm <= 0) {
      current = undefined;
      continue;
    }
    // A missing day breaks a streak: only consecutive calendar days count.
    current = current !== undefined && addDays(current.to, 1) === day.date
      ? { from: current.from, to: day.date, days: current.days + 1 }
      : { from: day.date, to: day.date, days: 1 };
    if (longest === undefined || current.days > longest.days) longest = current;
  }

  const years = groupBy(days, (day) => day.date.slice(0, 4));
  const mean = (values: readonly number[]) => Math.round((values.reduce((sum, value) => sum + value, 0) / values.length) * 100) / 100;
  const byYear = [...years].map(([year, yearDays]): YearSummary => ({
    year,
    days: yearDays.length,
    rainMm: yearDays.reduce((sum, day) => sum + tenths(day.precipitationMm), 0) / 10,
    rainyDays: yearDays.filter((day) => day.precipitationMm > 0).length,
    meanTempMaxC: mean(yearDays.map((day) => day.tempMaxC)),
    meanTempMinC: mean(yearDays.map((day) => day.tempMinC)),
  }));

  return {
    days: days.length,
    from: first.date,
    to: days.at(-1)!.date,
    hottest: { date: hottest.date, tempMaxC: hottest.tempMaxC },
    coldest: { date: coldest.date, tempMinC: coldest.tempMinC },
    wettest: { date: wettest.date, precipitationMm: wettest.precipitationMm },
    windiest: { date: windiest.date, wind: windiest.wind },
    longestRainyStreak: longest ?? null,
    byYear,
  };
}

/** `day` (`YYYY-MM-DD`) plus `n` days, in UTC. */
export function addDays(day: string, n: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + n);
  return date.toISOString().slice(0, 10);
}
