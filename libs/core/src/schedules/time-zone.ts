import { InvalidTimeZoneError } from './cron-errors.js';

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;

/**
 * Larger than any UTC offset the tz database has ever used (Asia/Manila's local mean time was
 * -15:56, America/Sitka's +14:58). Every instant whose local time is `wall` lies within this
 * distance of `wall` read as UTC, which bounds every search below.
 */
export const MAX_OFFSET_MS = 16 * HOUR_MS;

/** How one local wall-clock time maps to instants in a zone. */
export type WallResolution =
  /** The usual case: the local time happens once. */
  | { readonly kind: 'single'; readonly at: number }
  /** Clocks went back (fall back): the local time happens twice, `first < second`. */
  | { readonly kind: 'repeated'; readonly first: number; readonly second: number }
  /** Clocks jumped over it (spring forward); `gapEnd` is the first instant after the gap. */
  | { readonly kind: 'skipped'; readonly gapEnd: number };

const formatters = new Map<string, Intl.DateTimeFormat>();

function offsetFormatter(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (formatter === undefined) {
    // 'longOffset' prints the offset itself ("GMT+10:30", "GMT-04:56:02", "GMT"): one
    // format() call per instant, about three times cheaper than formatToParts.
    formatter = new Intl.DateTimeFormat('en-US', { timeZone: timezone, timeZoneName: 'longOffset' });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

/**
 * Checks that `timezone` names an IANA zone and returns it unchanged. Fixed offsets such as
 * "+05:30" are refused: Dagster's execution_timezone takes zone names only.
 * @throws InvalidTimeZoneError
 */
export function assertTimeZone(timezone: string): string {
  if (typeof timezone !== 'string' || timezone.trim() === '' || /^[+-]|:/.test(timezone)) {
    throw new InvalidTimeZoneError(String(timezone));
  }
  try {
    offsetFormatter(timezone);
  } catch (error) {
    throw new InvalidTimeZoneError(timezone, error);
  }
  return timezone;
}

const offsetPattern = /GMT(?:([+-])(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?)?$/;

/** The zone's UTC offset at an instant, in milliseconds (local = instant + offset). */
export function offsetAt(timezone: string, instantMs: number): number {
  const text = offsetFormatter(timezone).format(instantMs);
  const match = offsetPattern.exec(text);
  if (match === null) throw new Error(`unexpected offset text "${text}" for ${timezone}`);
  const [, sign, hours, minutes, seconds] = match;
  if (sign === undefined) return 0;
  const magnitude = Number(hours) * HOUR_MS + Number(minutes ?? 0) * MINUTE_MS + Number(seconds ?? 0) * SECOND_MS;
  return sign === '-' ? -magnitude : magnitude;
}

/**
 * The instants at which a local wall-clock time happens. `wallMs` is the local time written
 * as if it were UTC (`Date.UTC(y, m, d, h, min)`).
 */
export function resolveWallTime(timezone: string, wallMs: number): WallResolution {
  // The instants lie in [wall - 16h, wall + 16h]. Sampling the offset at both ends and the
  // middle sees every offset in force there, as long as two transitions are never less
  // than 16 hours apart (true of every zone in the tz database).
  const before = offsetAt(timezone, wallMs - MAX_OFFSET_MS);
  const middle = offsetAt(timezone, wallMs);
  const after = offsetAt(timezone, wallMs + MAX_OFFSET_MS);
  if (before === middle && middle === after) return { kind: 'single', at: wallMs - middle };
  const offsets = [...new Set([before, middle, after])];
  const instants = offsets
    .map((offset) => ({ offset, at: wallMs - offset }))
    .filter(({ offset, at }) => offsetAt(timezone, at) === offset)
    .map(({ at }) => at)
    .sort((a, b) => a - b);
  const first = instants[0];
  const last = instants[instants.length - 1];
  if (first !== undefined && last !== undefined) {
    return first === last ? { kind: 'single', at: first } : { kind: 'repeated', first, second: last };
  }
  return { kind: 'skipped', gapEnd: gapEnd(timezone, wallMs, Math.min(...offsets), Math.max(...offsets)) };
}

/**
 * The first instant whose local time is after `wallMs`, for a wall time inside a gap: the
 * moment the clocks jumped. Binary search to the second (tz transitions fall on whole seconds).
 */
function gapEnd(timezone: string, wallMs: number, minOffset: number, maxOffset: number): number {
  const localAt = (instant: number): number => instant + offsetAt(timezone, instant);
  let before = wallMs - maxOffset; // local time here is before the gap
  let after = wallMs - minOffset; // local time here is after it
  while (after - before > SECOND_MS) {
    const middle = before + Math.floor((after - before) / (2 * SECOND_MS)) * SECOND_MS;
    if (localAt(middle) > wallMs) after = middle;
    else before = middle;
  }
  return after;
}

/** The local time of an instant as ISO 8601 with its offset: `2025-11-02T01:30:00-05:00`. */
export function formatLocalTime(timezone: string, instantMs: number): string {
  const offset = offsetAt(timezone, instantMs);
  const local = new Date(instantMs + offset).toISOString().slice(0, 19);
  const magnitude = Math.abs(offset);
  const hours = Math.floor(magnitude / HOUR_MS);
  const minutes = Math.floor((magnitude % HOUR_MS) / MINUTE_MS);
  const seconds = Math.floor((magnitude % MINUTE_MS) / SECOND_MS);
  const pad = (value: number): string => String(value).padStart(2, '0');
  // Seconds appear only for historical local mean times (e.g. -04:56:02).
  const suffix = `${offset < 0 ? '-' : '+'}${pad(hours)}:${pad(minutes)}${seconds === 0 ? '' : `:${pad(seconds)}`}`;
  return `${local}${suffix}`;
}
