import { InvalidDefinitionError } from '../errors.js';
import type { Json } from '../internal/canonical-json.js';

const envBrand = Symbol('orrery.env');
const secretBrand = Symbol('orrery.secret');
const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

/**
 * A config value read from the environment when the executor sets the resource up
 * (Dagster's EnvVar). Only the variable's name is ever stored or shown: snapshots hold
 * `{ env: "DB_URL" }`. Values are strings; use `z.coerce.number()` and friends in the
 * resource's schema for other types.
 */
export interface EnvVar {
  readonly [envBrand]: true;
  /** Name of the environment variable. */
  readonly env: string;
}

/**
 * A literal config value that must never be shown: snapshots hold `{ secret: true }`, logs
 * and `console.log` print `[secret]`. Prefer {@link env} — a literal still lives in your code.
 */
export interface SecretValue<T = unknown> {
  readonly [secretBrand]: true;
  /** Reveals the value (the executor does, to set the resource up). */
  reveal(): T;
}

const envNamePattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A reference to the environment variable `name`, resolved by the executor. */
export function env(name: string): EnvVar {
  if (!envNamePattern.test(name)) {
    throw new InvalidDefinitionError(`env(${JSON.stringify(name)})`, 'an environment variable name is [A-Za-z_][A-Za-z0-9_]*');
  }
  return Object.freeze({ [envBrand]: true as const, env: name });
}

/** Marks a literal config value as secret (see {@link SecretValue}). */
export function secret<T>(value: T): SecretValue<T> {
  const hidden = Object.freeze({
    [secretBrand]: true as const,
    reveal: () => value,
    toJSON: () => ({ secret: true }),
    toString: () => '[secret]',
    [inspectCustom]: () => '[secret]',
  });
  return hidden;
}

/** True for a value built by {@link env}. */
export function isEnvVar(value: unknown): value is EnvVar {
  return typeof value === 'object' && value !== null && envBrand in value;
}

/** True for a value built by {@link secret}. */
export function isSecretValue(value: unknown): value is SecretValue {
  return typeof value === 'object' && value !== null && secretBrand in value;
}

/**
 * Config values as written in code: any leaf may be an {@link EnvVar} or a
 * {@link SecretValue} instead of the literal.
 */
export type ConfigValues<T> = T extends string | number | boolean | bigint | null | undefined
  ? T | EnvVar | SecretValue<T>
  : T extends readonly (infer U)[]
    ? readonly ConfigValues<U>[]
    : T extends object
      ? { [K in keyof T]: ConfigValues<T[K]> } | EnvVar | SecretValue<T>
      : T | EnvVar | SecretValue<T>;

/** The environment the executor resolves {@link env} references from (injected, never `process.env` here). */
export type EnvMap = Readonly<Record<string, string | undefined>>;

/** Outcome of resolving references: the resolved value and every variable that was missing. */
export interface ResolvedReferences {
  readonly value: unknown;
  readonly missing: readonly string[];
  /** Paths (`$.url`) of the env references, to tell reference problems from value problems. */
  readonly envPaths: readonly (readonly (string | number)[])[];
}

/**
 * Replaces every {@link EnvVar} of `values` with its value from `envMap` and reveals every
 * {@link SecretValue}. Missing variables are collected, not thrown: callers report them all.
 */
export function resolveReferences(values: unknown, envMap: EnvMap): ResolvedReferences {
  const missing = new Set<string>();
  const envPaths: (string | number)[][] = [];
  const walk = (value: unknown, path: (string | number)[]): unknown => {
    if (isEnvVar(value)) {
      envPaths.push(path);
      const resolved = envMap[value.env];
      if (resolved === undefined) missing.add(value.env);
      return resolved;
    }
    if (isSecretValue(value)) return value.reveal();
    if (Array.isArray(value)) return value.map((item, i) => walk(item, [...path, i]));
    if (isPlainObject(value)) {
      const out: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(value)) out[key] = walk(field, [...path, key]);
      return out;
    }
    return value;
  };
  const value = walk(values, []);
  return { value, missing: [...missing].sort(), envPaths };
}

/**
 * The snapshot form of config values: env references become `{ env: NAME }`, secrets
 * `{ secret: true }`, Dates ISO strings. Throws a TypeError naming the path of anything
 * else that is not JSON (a function, a class instance).
 */
export function configToJson(values: unknown, path = '$'): Json {
  if (isEnvVar(values)) return { env: values.env };
  if (isSecretValue(values)) return { secret: true };
  if (values === null || typeof values === 'string' || typeof values === 'boolean') return values;
  if (typeof values === 'number') {
    if (!Number.isFinite(values)) throw new TypeError(`${path} is not a finite number`);
    return values;
  }
  if (typeof values === 'bigint') return values.toString();
  if (values instanceof Date) return values.toISOString();
  if (Array.isArray(values)) return values.map((item, i) => configToJson(item, `${path}[${i}]`));
  if (isPlainObject(values)) {
    const out: Record<string, Json> = {};
    for (const key of Object.keys(values).sort()) {
      const field = values[key];
      if (field !== undefined) out[key] = configToJson(field, `${path}.${key}`);
    }
    return out;
  }
  throw new TypeError(`${path} is a ${typeof values === 'object' ? (values.constructor?.name ?? 'object') : typeof values}, not JSON config`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
