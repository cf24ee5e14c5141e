import { z } from 'zod';
import { OrreryError } from '../errors/orrery-error.js';
import { replyErrorSchema } from '../errors/wire-error.js';
import { ANY, isSubjectToken } from './subject-tokens.js';

/**
 * How a subject is used: `event` is core NATS publish/subscribe (fire and forget),
 * `work` a JetStream work queue, `request` request/reply answered by a queue group.
 */
export type MessageKind = 'event' | 'work' | 'request';

/** Parameter names of a subject pattern: `run.{runId}.events` → `['runId']`. */
export type PatternParams<P extends string> = P extends `${string}{${infer Name}}${infer Rest}`
  ? [Name, ...PatternParams<Rest>]
  : [];

/** One string per parameter of a pattern, in order. */
export type ParamValues<Params extends readonly string[]> = { [K in keyof Params]: string };

/** The `v` field every payload carries: required on receive, filled in on publish. */
export type VersionField<V extends number> = z.ZodDefault<z.ZodLiteral<V>>;

/** The zod object of a payload of version V with the given fields. */
export type VersionedObject<V extends number, Shape extends z.core.$ZodLooseShape> = z.ZodObject<
  { v: VersionField<V> } & Shape,
  z.core.$strip
>;

interface EntryBase<K extends MessageKind, P extends string, Params extends readonly string[]> {
  readonly kind: K;
  /**
   * The subject without the deployment prefix; `{name}` marks a parameter token. Also the
   * entry's stable name (span names, logs, docs).
   */
  readonly pattern: P;
  /** Parameter names of the pattern, in order. */
  readonly params: Params;
  /** Payload version: every payload carries it as `v`; a breaking change bumps it. */
  readonly version: number;
  readonly description: string;
}

/** A core NATS subject: published, never stored; subscribers validate on receive. */
export interface EventEntry<
  P extends string = string,
  S extends z.ZodType = z.ZodType,
  Params extends readonly string[] = readonly string[],
> extends EntryBase<'event', P, Params> {
  readonly schema: S;
}

/** A JetStream work-queue subject. */
export interface WorkEntry<
  P extends string = string,
  S extends z.ZodType = z.ZodType,
  Params extends readonly string[] = readonly string[],
> extends EntryBase<'work', P, Params> {
  readonly schema: S;
  /** Stream name without the prefix: the stream is `<PREFIX>_<stream>`. */
  readonly stream: string;
}

/** A request/reply subject; the reply is `{ ok: true, result } | { ok: false, error }`. */
export interface RequestEntry<
  P extends string = string,
  S extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
  Params extends readonly string[] = readonly string[],
> extends EntryBase<'request', P, Params> {
  readonly schema: S;
  /** The schema of `result` in an ok reply. */
  readonly result: R;
  readonly reply: ReplySchema<R>;
}

export type AnyEntry = EventEntry | WorkEntry | RequestEntry;

/** An entry whose subject has no parameter, usable wherever an {@link Address} is. */
export type FixedEntry<E extends AnyEntry = AnyEntry> = E & { readonly params: readonly [] };

/** Payload type as received (after validation): `z.infer` of the entry's schema. */
export type PayloadOf<E extends { readonly schema: z.ZodType }> = z.output<E['schema']>;
/** Payload type as published: like {@link PayloadOf}, but `v` may be left out. */
export type PayloadInput<E extends { readonly schema: z.ZodType }> = z.input<E['schema']>;
/** Reply type of a request entry. */
export type ReplyOf<E extends RequestEntry> = z.output<E['reply']>;
/** Result type of an ok reply. */
export type ResultOf<E extends RequestEntry> = z.output<E['result']>;
/** Result type as a responder returns it (defaults may be left out). */
export type ResultInput<E extends RequestEntry> = z.input<E['result']>;

/** One problem found by a payload's schema (zod's issue). */
export type ValidationIssue = z.core.$ZodIssue;

/** A concrete subject of an entry, without the deployment prefix (the bus adds it). */
export interface Address<E extends AnyEntry = AnyEntry> {
  readonly entry: E;
  /** E.g. `run.0b6f….events`; may hold `*` for a subscriber. */
  readonly subject: string;
}

/** The payload object of version V: `{ v: V, ...shape }`, `v` defaulted on publish. */
export function versioned<const V extends number, Shape extends z.core.$ZodLooseShape>(
  version: V,
  shape: Shape,
): VersionedObject<V, Shape> {
  return z.object({ v: z.literal(version).default(version), ...shape }) as unknown as VersionedObject<V, Shape>;
}

/** Reply envelope of a request entry with result schema R. */
export type ReplySchema<R extends z.ZodType> = z.ZodDiscriminatedUnion<
  [
    z.ZodObject<{ ok: z.ZodLiteral<true>; result: R }, z.core.$strip>,
    z.ZodObject<{ ok: z.ZodLiteral<false>; error: typeof replyErrorSchema }, z.core.$strip>,
  ],
  'ok'
>;

/** `{ ok: true, result } | { ok: false, error: { code, message, stack?, cause? } }`. */
export function replySchema<R extends z.ZodType>(result: R): ReplySchema<R> {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), result }),
    z.object({ ok: z.literal(false), error: replyErrorSchema }),
  ]);
}

function paramsOf<P extends string>(pattern: P): PatternParams<P> {
  return [...pattern.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]) as PatternParams<P>;
}

interface Definition<P extends string, V extends number, Shape extends z.core.$ZodLooseShape> {
  pattern: P;
  version: V;
  description: string;
  shape: Shape;
}

/** Declares a core publish/subscribe subject. */
export function defineEvent<const P extends string, const V extends number, Shape extends z.core.$ZodLooseShape>(
  definition: Definition<P, V, Shape>,
): EventEntry<P, VersionedObject<V, Shape>, PatternParams<P>> {
  const { pattern, version, description, shape } = definition;
  return Object.freeze({ kind: 'event', pattern, params: paramsOf(pattern), version, description, schema: versioned(version, shape) }) as EventEntry<P, VersionedObject<V, Shape>, PatternParams<P>>;
}

/** Declares a JetStream work-queue subject stored in stream `<PREFIX>_<stream>`. */
export function defineWork<const P extends string, const V extends number, Shape extends z.core.$ZodLooseShape>(
  definition: Definition<P, V, Shape> & { stream: string },
): WorkEntry<P, VersionedObject<V, Shape>, PatternParams<P>> {
  const { pattern, version, description, shape, stream } = definition;
  return Object.freeze({ kind: 'work', pattern, params: paramsOf(pattern), version, description, stream, schema: versioned(version, shape) }) as WorkEntry<P, VersionedObject<V, Shape>, PatternParams<P>>;
}

/** Declares a request/reply subject with its request fields and result schema. */
export function defineRequest<
  const P extends string,
  const V extends number,
  Shape extends z.core.$ZodLooseShape,
  R extends z.ZodType,
>(definition: Definition<P, V, Shape> & { result: R }): RequestEntry<P, VersionedObject<V, Shape>, R, PatternParams<P>> {
  const { pattern, version, description, shape, result } = definition;
  return Object.freeze({
    kind: 'request', pattern, params: paramsOf(pattern), version, description,
    schema: versioned(version, shape), result, reply: replySchema(result),
  }) as RequestEntry<P, VersionedObject<V, Shape>, R, PatternParams<P>>;
}

/**
 * The subject of `entry` for the given parameter values (without prefix). Each value must
 * be a subject token (see `subjectTokenPattern`) or {@link ANY}; anything else throws
 * VALIDATION_FAILED, so data can never add or widen tokens.
 */
export function addressOf<E extends AnyEntry>(entry: E, ...values: ParamValues<E['params']>): Address<E> {
  const names = entry.params as readonly string[];
  const given = values as readonly string[];
  if (given.length !== names.length) {
    throw new OrreryError('VALIDATION_FAILED', { message: `${entry.pattern} takes ${names.length} parameter(s), got ${given.length}` });
  }
  let index = 0;
  const subject = entry.pattern.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const value = given[index++]!;
    if (value !== ANY && !isSubjectToken(value)) {
      throw new OrreryError('VALIDATION_FAILED', {
        message: `${name} ${JSON.stringify(value)} is not a subject token (1-128 of [A-Za-z0-9_-])`,
        details: { pattern: entry.pattern, param: name, value },
      });
    }
    return value;
  });
  return { entry, subject };
}

/** The address of a parameterless entry. */
export function fixedAddress<E extends AnyEntry>(entry: FixedEntry<E>): Address<E> {
  return { entry, subject: entry.pattern };
}
