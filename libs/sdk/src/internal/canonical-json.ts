import { createHash } from 'node:crypto';

/** A JSON value, as the snapshot and metadata hold them. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * JSON with object keys sorted at every level, so equal values always give the same
 * text (and hash) whatever order they were built in. Arrays keep their order: callers
 * sort them where order has no meaning. `undefined` object fields are dropped, as in
 * JSON.stringify; anything that is not JSON throws, so no function or class instance
 * can slip into a snapshot unnoticed.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalize(value, '$'));
}

/**
 * Orders strings by UTF-16 code units, never by locale, so sorted output is the same on
 * every machine.
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Lowercase hex sha256 of the canonical JSON of `value`. */
export function sha256OfJson(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** A deep copy of `value` with sorted keys; throws a TypeError naming the first non-JSON path. */
export function canonicalize(value: unknown, path = '$'): Json {
  try {
    return copySorted(value);
  } catch (error) {
    if (!(error instanceof NotJsonError)) throw error;
    // Paths are built only on failure: snapshots of 10,000 assets have ~10^6 values.
    throw new TypeError(`${findNonJson(value, path) ?? path} is ${error.what}, not JSON`);
  }
}

/**
 * sha256 of JSON text already canonical (built by {@link canonicalize}): its keys are in
 * order, so plain JSON.stringify gives the canonical text without sorting again.
 */
export function sha256OfCanonical(value: Json): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

class NotJsonError extends Error {
  constructor(readonly what: string) {
    super(what);
  }
}

function describeNonJson(value: unknown): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : 'not a finite number';
  if (Array.isArray(value)) return undefined;
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as unknown;
    return proto === Object.prototype || proto === null ? undefined : `a ${value.constructor?.name ?? 'class instance'}`;
  }
  return `a ${typeof value}`;
}

function copySorted(value: unknown): Json {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new NotJsonError('not a finite number');
    return value;
  }
  if (Array.isArray(value)) {
    const out: Json[] = new Array<Json>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copySorted(value[i]);
    return out;
  }
  const problem = describeNonJson(value);
  if (problem !== undefined) throw new NotJsonError(problem);
  const record = value as Record<string, unknown>;
  const out: Record<string, Json> = {};
  for (const key of Object.keys(record).sort()) {
    const field = record[key];
    if (field !== undefined) out[key] = copySorted(field);
  }
  return out;
}

function findNonJson(value: unknown, path: string): string | undefined {
  if (describeNonJson(value) !== undefined) return path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNonJson(value[i], `${path}[${i}]`);
      if (found !== undefined) return found;
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, field] of Object.entries(value)) {
      if (field === undefined) continue;
      const found = findNonJson(field, `${path}.${key}`);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
