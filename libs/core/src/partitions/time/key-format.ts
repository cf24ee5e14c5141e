import { InvalidPartitionsDefinitionError } from '../errors.js';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, daysFromCivil, daysInMonth, wallFields, wallFromFields } from '../../cron/civil.js';

// Time partition keys are wall times written with a strftime-style format, as in Dagster
// (`fmt="%Y-%m-%d"`). Only fixed-width directives are supported, so every key parses back
// to exactly the wall time it was formatted from (keys must round-trip).

/** Calendar units a key format can show. */
export type KeyFormatUnit = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second';

/** Directives of partition key formats, each with what it shows (TSDoc of `fmt` lists them for users). */
const DIRECTIVES: Record<string, readonly KeyFormatUnit[]> = {
  Y: ['year'],
  m: ['month'],
  b: ['month'],
  B: ['month'],
  d: ['day'],
  j: ['month', 'day'],
  H: ['hour'],
  M: ['minute'],
  S: ['second'],
  z: [],
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

type Part = { readonly literal: string } | { readonly directive: string };

/** The parse of a key: its wall time, and its UTC offset (ms) when the format has `%z`. */
export interface ParsedKey {
  readonly wall: number;
  readonly offset: number | undefined;
}

/** A compiled key format. */
export class KeyFormat {
  readonly units: ReadonlySet<KeyFormatUnit>;
  readonly hasOffset: boolean;
  private readonly parts: readonly Part[];
  /** The format as pieces: a run index (>= 0) of day-constant text, or a time directive code (< 0). */
  private readonly pieces: readonly number[];
  private readonly runs: readonly (readonly Part[])[];
  private cachedDays = NaN;
  private cachedRuns: readonly string[] = [];

  /** Throws {@link InvalidPartitionsDefinitionError} (field `fmt`) for an unsupported or incomplete format. */
  constructor(readonly fmt: string) {
    const parts: Part[] = [];
    const units = new Set<KeyFormatUnit>();
    let literal = '';
    for (let i = 0; i < fmt.length; i++) {
      const char = fmt[i]!;
      if (char !== '%') {
        literal += char;
        continue;
      }
      const directive = fmt[++i];
      if (directive === '%') {
        literal += '%';
        continue;
      }
      const shows = directive === undefined ? undefined : DIRECTIVES[directive];
      if (directive === undefined || shows === undefined) {
        throw new InvalidPartitionsDefinitionError('fmt', `${JSON.stringify(fmt)}: unsupported directive %${directive ?? ''} (supported: %Y %m %d %H %M %S %j %b %B %z %%)`);
      }
      if (literal !== '') parts.push({ literal });
      literal = '';
      parts.push({ directive });
      for (const unit of shows) units.add(unit);
    }
    if (literal !== '') parts.push({ literal });
    if (!units.has('year')) throw new InvalidPartitionsDefinitionError('fmt', `${JSON.stringify(fmt)} must contain %Y`);
    this.parts = parts;
    this.units = units;
    this.hasOffset = parts.some((p) => 'directive' in p && p.directive === 'z');
    const pieces: number[] = [];
    const runs: Part[][] = [];
    for (const part of parts) {
      const code = 'directive' in part ? TIME_CODES[part.directive] : undefined;
      if (code !== undefined) pieces.push(code);
      else if (pieces.length > 0 && pieces[pieces.length - 1]! >= 0) runs[runs.length - 1]!.push(part);
      else pieces.push(runs.push([part]) - 1);
    }
    this.pieces = pieces;
    this.runs = runs;
  }

  /** Formats a wall time; `offset` (ms) is written by `%z`. */
  format(wall: number, offset: number): string {
    const days = Math.floor(wall / MS_PER_DAY);
    // Consecutive keys mostly share their day: the date runs are rendered once per day.
    if (days !== this.cachedDays) {
      this.cachedDays = days;
      this.cachedRuns = this.renderRuns(days);
    }
    const runs = this.cachedRuns;
    const msOfDay = wall - days * MS_PER_DAY;
    let out = '';
    for (const piece of this.pieces) {
      if (piece >= 0) out += runs[piece]!;
      else if (piece === HOUR) out += PAD2[Math.floor(msOfDay / MS_PER_HOUR)]!;
      else if (piece === MINUTE) out += PAD2[Math.floor((msOfDay % MS_PER_HOUR) / MS_PER_MINUTE)]!;
      else if (piece === SECOND) out += PAD2[Math.floor((msOfDay % MS_PER_MINUTE) / 1000)]!;
      else out += formatOffset(offset);
    }
    return out;
  }

  /** Renders each run of literals and date directives for one day. */
  private renderRuns(days: number): string[] {
    const f = wallFields(days * MS_PER_DAY);
    return this.runs.map((run) =>
      run
        .map((part) => {
          if ('literal' in part) return part.literal;
          switch (part.directive) {
            case 'Y': return pad(f.year, 4);
            case 'm': return PAD2[f.month]!;
            case 'b': return MONTHS[f.month - 1]!.slice(0, 3);
            case 'B': return MONTHS[f.month - 1]!;
            case 'd': return PAD2[f.day]!;
            default: return pad(f.dayOfYear, 3);
          }
        })
        .join(''),
    );
  }

  /** Parses a key written by {@link format}; undefined when it does not match the format. */
  parse(key: string): ParsedKey | undefined {
    let pos = 0;
    let year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0;
    let dayOfYear: number | undefined;
    let offset: number | undefined;
    for (const part of this.parts) {
      let value: number | undefined;
      if ('literal' in part) {
        if (!key.startsWith(part.literal, pos)) return undefined;
        pos += part.literal.length;
        continue;
      }
      switch (part.directive) {
        case 'Y': value = year = readDigits(key, pos, 4, 0, 9999); pos += 4; break;
        case 'm': value = month = readDigits(key, pos, 2, 1, 12); pos += 2; break;
        case 'b': case 'B': {
          const names = MONTHS.map((name) => (part.directive === 'b' ? name.slice(0, 3) : name));
          const index = names.findIndex((name) => key.startsWith(name, pos));
          if (index < 0) return undefined;
          pos += names[index]!.length;
          value = month = index + 1;
          break;
        }
        case 'd': value = day = readDigits(key, pos, 2, 1, 31); pos += 2; break;
        case 'j': value = dayOfYear = readDigits(key, pos, 3, 1, 366); pos += 3; break;
        case 'H': value = hour = readDigits(key, pos, 2, 0, 23); pos += 2; break;
        case 'M': value = minute = readDigits(key, pos, 2, 0, 59); pos += 2; break;
        case 'S': value = second = readDigits(key, pos, 2, 0, 59); pos += 2; break;
        default: {
          const match = /^([+-])(\d{2})(\d{2})/.exec(key.slice(pos));
          if (match === null) return undefined;
          pos += match[0].length;
          value = offset = (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) * MS_PER_MINUTE;
        }
      }
      if (Number.isNaN(value)) return undefined;
    }
    if (pos !== key.length) return undefined;
    if (dayOfYear !== undefined) {
      const wall = (daysFromCivil(year, 1, 1) + dayOfYear - 1) * MS_PER_DAY;
      if (wallFields(wall).year !== year) return undefined;
      return { wall: wall + wallFromFields(1970, 1, 1, hour, minute, second), offset };
    }
    if (day > daysInMonth(year, month)) return undefined;
    return { wall: wallFromFields(year, month, day, hour, minute, second), offset };
  }

  /** Dagster's `dst_safe_fmt`: this format with the UTC offset appended, for the second copy of a repeated hour. */
  withOffset(): KeyFormat {
    return this.hasOffset ? this : new KeyFormat(`${this.fmt}%z`);
  }
}

const PAD2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const HOUR = -1;
const MINUTE = -2;
const SECOND = -3;
const OFFSET = -4;
const TIME_CODES: Record<string, number | undefined> = { H: HOUR, M: MINUTE, S: SECOND, z: OFFSET };

/** `width` digits of `key` at `pos` as a number within [min, max]; NaN otherwise. */
function readDigits(key: string, pos: number, width: number, min: number, max: number): number {
  let value = 0;
  for (let i = 0; i < width; i++) {
    const digit = key.charCodeAt(pos + i) - 48;
    if (!(digit >= 0 && digit <= 9)) return NaN;
    value = value * 10 + digit;
  }
  return value >= min && value <= max ? value : NaN;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** `%z`: `+HHMM` / `-HHMM`, like Python's strftime. */
function formatOffset(offset: number): string {
  const minutes = Math.round(Math.abs(offset) / MS_PER_MINUTE);
  return `${offset < 0 ? '-' : '+'}${pad(Math.floor(minutes / 60), 2)}${pad(minutes % 60, 2)}`;
}
