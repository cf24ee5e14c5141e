import { z } from 'zod';
import { describeValue } from './describe-value.js';

// Config values reach the schema as YAML scalars or as the strings that `${VAR}`
// interpolation produces, so numbers and booleans are also accepted in string form.
const DECIMAL = /^-?\d+(\.\d+)?$/;

function toNumber(value: unknown): unknown {
  return typeof value === 'string' && DECIMAL.test(value.trim()) ? Number(value) : value;
}

function toBoolean(value: unknown): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}

/** An integer field, bounds inclusive; accepts digits in a string (from `${VAR}`). */
export function integer(bounds: { min?: number; max?: number } = {}) {
  let schema = z.number().int();
  if (bounds.min !== undefined) schema = schema.min(bounds.min);
  if (bounds.max !== undefined) schema = schema.max(bounds.max);
  return z.preprocess(toNumber, schema);
}

/** A boolean field; accepts `"true"`/`"false"` strings (from `${VAR}`). */
export function flag() {
  return z.preprocess(toBoolean, z.boolean());
}

/** A string that must not be empty. */
export function text() {
  return z.string().min(1, { error: 'must not be empty' });
}

/** A URL string whose scheme is one of `protocols` (without `://`). */
export function urlOf(protocols: readonly [string, ...string[]]) {
  const expected = `${protocols.map((p) => `${p}://`).join(' or ')} URL`;
  return z.string().refine((value) => hasProtocol(value, protocols), {
    error: (issue) => `expected a ${expected}, got ${describeValue(issue.input)}`,
  });
}

function hasProtocol(value: string, protocols: readonly string[]): boolean {
  try {
    return protocols.includes(new URL(value).protocol.replace(/:$/, ''));
  } catch {
    return false;
  }
}

/** Environment variables for a launched run: `NAME` (copied from the launcher's env) or `NAME=value`. */
export function envVarList() {
  return z.array(
    z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*(=.*)?$/s, {
      error: (issue) => `expected NAME or NAME=value, got ${describeValue(issue.input)}`,
    }),
  );
}
