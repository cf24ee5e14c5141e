import { CronPattern } from 'croner';
import { wallFromFields } from './civil.js';
import { InvalidCronError } from './cron-errors.js';
import { WallCron } from './wall-cron.js';

/** A validated cron string. Plain data: safe to serialize and to compare. */
export interface ParsedCron {
  /** The cron as written, trimmed (`@daily`). */
  readonly source: string;
  /** The five fields after macro expansion (`0 0 * * *`). */
  readonly expression: string;
  /**
   * True when the hour field matches every hour (`*`, `0-23`): Dagster's "repeats every hour".
   * Such a cron fires in both copies of a repeated hour and skips a skipped one; any other
   * cron fires once at a repeated time (second copy) and at the end of a gap.
   */
  readonly firesEveryHour: boolean;
}

/**
 * The macros Dagster accepts (croniter's list); croner knows the same ones. `@reboot` has
 * no meaning for a schedule.
 */
export const CRON_MACROS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

// Expressions come from definitions, so few; the bound only stops unbounded growth when
// something validates arbitrary user input in a long-lived process.
const MAX_CACHED_MATCHERS = 1000;
const matchers = new Map<string, WallCron>();

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day-of-week', min: 0, max: 7 },
] as const;

/**
 * Parses and validates one cron string: five fields (`minute hour day-of-month month
 * day-of-week`) or a macro. croner does the parsing; this adds the checks Dagster makes and
 * croner does not (six-field crons, crons that can never fire) and clearer messages. Schedules
 * and time partitions both validate their crons here.
 * @throws InvalidCronError with the cron and the reason
 */
export function parseCron(cron: string): ParsedCron {
  if (typeof cron !== 'string') throw new InvalidCronError(String(cron), 'a cron must be a string');
  const source = cron.trim();
  if (source === '') throw new InvalidCronError(cron, 'it is empty');
  const expression = expandMacro(cron, source);
  checkFields(cron, expression);
  const matcher = compile(cron, expression);
  return Object.freeze({ source, expression, firesEveryHour: matcher.repeatsEveryHour });
}

/**
 * The wall-clock matcher of a parsed cron, compiled once per expression. Takes the plain
 * {@link ParsedCron} so that a schedule revived from JSON needs no other state.
 * @throws InvalidCronError when the expression does not parse (a ParsedCron built by hand)
 */
export function cronMatcher(cron: ParsedCron): WallCron {
  return compile(cron.source, cron.expression);
}

function compile(cron: string, expression: string): WallCron {
  const cached = matchers.get(expression);
  if (cached !== undefined) return cached;
  let pattern: CronPattern;
  try {
    // `mode: '5-part'` makes croner refuse seconds and years; the default would accept them.
    pattern = new CronPattern(expression, undefined, { mode: '5-part' });
  } catch (error) {
    throw new InvalidCronError(cron, croneReason(error), error);
  }
  const matcher = new WallCron(pattern);
  // The matcher searches one 400-year Gregorian cycle, so no match means never: `0 0 31 2 *`,
  // `0 0 30 2 *`. Dagster rejects the February cases too; `0 0 31 2 1` stays valid (Mondays in
  // February, day-of-month and day-of-week are OR-ed as in Vixie cron).
  if (matcher.nextWall(wallFromFields(1970, 1, 1) - 1) === undefined) {
    throw new InvalidCronError(cron, 'it never fires: no month it allows has that day of the month');
  }
  if (matchers.size >= MAX_CACHED_MATCHERS) matchers.clear();
  matchers.set(expression, matcher);
  return matcher;
}

/** True when {@link parseCron} accepts the cron. */
export function isValidCron(cron: string): boolean {
  try {
    parseCron(cron);
    return true;
  } catch {
    return false;
  }
}

function expandMacro(cron: string, source: string): string {
  if (!source.startsWith('@')) return source;
  const expansion = CRON_MACROS[source.toLowerCase()];
  if (expansion === undefined) {
    throw new InvalidCronError(cron, `unknown macro ${source}; use one of ${Object.keys(CRON_MACROS).join(', ')}`);
  }
  return expansion;
}

/** Field count and numeric ranges, checked before croner so the message names the field. */
function checkFields(cron: string, expression: string): void {
  const fields = expression.split(/\s+/);
  if (fields.length !== FIELDS.length) {
    throw new InvalidCronError(
      cron,
      `it has ${fields.length} fields; a cron has exactly 5 (minute hour day-of-month month day-of-week), ` +
        'with no seconds or year field',
    );
  }
  fields.forEach((field, index) => {
    const spec = FIELDS[index];
    if (spec === undefined) return;
    for (const item of field.split(',')) {
      // `a-b/step`, `5#2` (nth weekday), `5L`, `15W`: only the values themselves are ranged here.
      const values = (item.split('/')[0] ?? '').split('#')[0]?.replace(/[LW]$/i, '') ?? '';
      for (const value of values.split('-')) {
        if (!/^\d+$/.test(value)) continue;
        const number = Number(value);
        if (number < spec.min || number > spec.max) {
          throw new InvalidCronError(cron, `${spec.name} ${number} is out of range ${spec.min}-${spec.max}`);
        }
      }
    }
  });
}

function croneReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^CronPattern:\s*/, '');
}
