import { describeValue } from '@orrery/contracts';
import { z } from 'zod';

/**
 * A variable parsed from its string form. Both the missing and the malformed case say
 * what was expected, e.g. `required (a port number 1-65535)`.
 */
function envField<T>(expected: string, parse: (raw: string) => T | undefined) {
  return z
    .string({
      error: (issue) => (issue.input === undefined ? `required (${expected})` : `expected ${expected}, got ${describeValue(issue.input)}`),
    })
    .transform((raw, ctx) => {
      const value = parse(raw.trim());
      if (value !== undefined) return value;
      ctx.issues.push({ code: 'custom', input: raw, message: `expected ${expected}, got ${describeValue(raw)}` });
      return z.NEVER;
    });
}

function parseInteger(raw: string, min: number, max: number): number | undefined {
  if (!/^-?\d+$/.test(raw)) return undefined;
  const value = Number(raw);
  return Number.isSafeInteger(value) && value >= min && value <= max ? value : undefined;
}

/** A TCP port, 1–65535. */
export function port() {
  return envField('a port number 1-65535', (raw) => parseInteger(raw, 1, 65_535));
}

/** A duration in whole milliseconds, ≥ 0. Name the variable with a `_MS` suffix. */
export function durationMs() {
  return envField('a duration in milliseconds (an integer >= 0)', (raw) => parseInteger(raw, 0, Number.MAX_SAFE_INTEGER));
}

/** An integer within inclusive bounds. Default bounds: any safe integer. */
export function integer(bounds: { min?: number; max?: number } = {}) {
  const min = bounds.min ?? Number.MIN_SAFE_INTEGER;
  const max = bounds.max ?? Number.MAX_SAFE_INTEGER;
  const range = bounds.min !== undefined && bounds.max !== undefined ? ` ${min}-${max}` : bounds.min !== undefined ? ` >= ${min}` : bounds.max !== undefined ? ` <= ${max}` : '';
  return envField(`an integer${range}`, (raw) => parseInteger(raw, min, max));
}

/** A URL, as a string; with `protocols` (without `://`, e.g. `['postgresql']`) its scheme must be one of them. */
export function url(protocols?: readonly string[]) {
  const expected = protocols === undefined ? 'a URL' : `a ${protocols.map((p) => `${p}://`).join(' or ')} URL`;
  return envField(expected, (raw) => {
    try {
      const scheme = new URL(raw).protocol.replace(/:$/, '');
      return protocols === undefined || protocols.includes(scheme) ? raw : undefined;
    } catch {
      return undefined;
    }
  });
}

/** `true`/`false`/`1`/`0` (any case) as a boolean. */
export function booleanFlag() {
  return envField('"true", "false", "1" or "0"', (raw) => {
    const value = raw.toLowerCase();
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    return undefined;
  });
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A pino log level: fatal, error, warn, info, debug, trace or silent. */
export function logLevel() {
  return envField(`one of ${LOG_LEVELS.join(', ')}`, (raw) => LOG_LEVELS.find((level) => level === raw.toLowerCase()));
}
