import type { z } from 'zod';
import type { OpExecutionContext } from '../assets/context.js';
import type { DynamicOutputResult, OutputResult, UnwrapResult } from '../assets/results.js';
import { InvalidDefinitionError } from '../errors.js';
import { toRetryPolicy, type RetryPolicy, type RetryPolicyInput } from '../internal/core-adapter.js';
import { assertName, normalizeTags } from '../internal/names.js';
import { resourceKeysOf, type MaybePromise, type ResourceInstances, type ResourcesShape } from '../internal/types.js';
import { normalizeMetadata, type MetadataInput, type MetadataValueData } from '../metadata/metadata-value.js';
import type { ConfigOf } from '../resources/resource.js';
import { invokeOp, type DynamicOutputHandle, type InputArg, type InvocableOp, type OutputHandle } from './composition.js';

const inBrand = Symbol('orrery.in');
const outBrand = Symbol('orrery.out');

/** Options of {@link In}, {@link Out} and {@link DynamicOut}. */
export interface PortOptions {
  readonly description?: string;
  readonly metadata?: MetadataInput;
}

/** An op input of type `T` (Dagster's `In`). */
export interface InSpec<T = unknown> {
  readonly [inBrand]: true;
  readonly description: string | undefined;
  readonly metadata: Record<string, MetadataValueData>;
  /** Type-level only. */
  readonly __valueType?: T;
}

/** An op output of type `T` (Dagster's `Out`). */
export interface OutSpec<T = unknown> {
  readonly [outBrand]: 'out';
  readonly description: string | undefined;
  readonly metadata: Record<string, MetadataValueData>;
  /** Resource key of the IO manager that stores it. Default `io_manager`. */
  readonly ioManager: string | undefined;
  /** Type-level only. */
  readonly __valueType?: T;
}

/** A dynamic op output whose items are `T` (Dagster's `DynamicOut`). */
export interface DynamicOutSpec<T = unknown> extends Omit<OutSpec<T>, typeof outBrand> {
  readonly [outBrand]: 'dynamic';
}

/** Declares an op input; `T` types the value the op receives. */
export function In<T = unknown>(options: PortOptions = {}): InSpec<T> {
  return Object.freeze({ [inBrand]: true as const, description: options.description, metadata: normalizeMetadata(options.metadata) });
}

/** Declares an op output. */
export function Out<T = unknown>(options: PortOptions & { readonly ioManager?: string } = {}): OutSpec<T> {
  return Object.freeze({
    [outBrand]: 'out' as const,
    description: options.description,
    metadata: normalizeMetadata(options.metadata),
    ioManager: options.ioManager,
  });
}

/** Declares a dynamic output: the op returns a list of `DynamicOutput(value, mappingKey)`. */
export function DynamicOut<T = unknown>(options: PortOptions & { readonly ioManager?: string } = {}): DynamicOutSpec<T> {
  return Object.freeze({
    [outBrand]: 'dynamic' as const,
    description: options.description,
    metadata: normalizeMetadata(options.metadata),
    ioManager: options.ioManager,
  });
}

/** Input declarations of an op, by name. */
export type InsShape = Readonly<Record<string, InSpec<any>>>; // eslint-disable-line @typescript-eslint/no-explicit-any -- any value types
/** Output declarations of an op, by name. */
export type OutsShape = Readonly<Record<string, OutSpec<any> | DynamicOutSpec<any>>>; // eslint-disable-line @typescript-eslint/no-explicit-any -- any value types

/** The values an op function receives, from its `ins`. */
export type InputValues<I> = { readonly [K in keyof I]: I[K] extends InSpec<infer T> ? T : never };
/** What an invocation takes for inputs `I`. */
export type InputArgs<I> = { readonly [K in keyof I]: I[K] extends InSpec<infer T> ? InputArg<T> : never };
/** What an op function returns for outputs `O`. */
export type OutputValues<O> = {
  readonly [K in keyof O]: O[K] extends DynamicOutSpec<infer T>
    ? Iterable<DynamicOutputResult<T>>
    : O[K] extends OutSpec<infer T>
      ? T | OutputResult<T>
      : never;
};
/** The handles an invocation returns for outputs `O`. */
export type OutputHandles<O> = {
  readonly [K in keyof O]: O[K] extends DynamicOutSpec<infer T> ? DynamicOutputHandle<T> : O[K] extends OutSpec<infer T> ? OutputHandle<T> : never;
};

/** The call signature of an op (or graph) inside a composition function. */
export type Invoke<I, H> = [keyof I] extends [never]
  ? () => H
  : [keyof I] extends [infer K extends keyof I]
    ? IsUnion<K> extends true
      ? (inputs: InputArgs<I>) => H
      : (inputs: InputArgs<I> | (I[K] extends InSpec<infer T> ? InputArg<T> : never)) => H
    : never;
type IsUnion<T, U = T> = T extends unknown ? ([U] extends [T] ? false : true) : never;

/** Options shared by every form of {@link op}. */
export interface OpOptions<I extends InsShape, C extends z.ZodType | undefined, R extends ResourcesShape> {
  /** `[A-Za-z0-9_]+`, unique among the ops of a job. */
  readonly name: string;
  readonly description?: string;
  readonly ins?: I;
  /** zod schema of the op's config, given in run config at `ops.<alias>.config`. */
  readonly config?: C;
  /** Resources the op needs, by key (see {@link ResourcesShape}). */
  readonly resources?: R;
  readonly retry?: RetryPolicyInput;
  /** Concurrency pool: at most the pool's limit of steps in it run at once across runs. */
  readonly pool?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/** The context type of an op function. */
export type OpContextOf<C, R> = OpExecutionContext<ConfigOf<C>, ResourceInstances<R>>;

/** An op's compute function as the engine calls it. */
export type OpComputeFn = (context: OpExecutionContext<unknown, Readonly<Record<string, unknown>>>, inputs: Readonly<Record<string, unknown>>) => unknown;

/** The data of an op definition (what the engine reads). */
export interface OpDefinitionData extends InvocableOp {
  readonly description: string | undefined;
  readonly ins: Readonly<Record<string, InSpec>>;
  readonly outs: Readonly<Record<string, OutSpec | DynamicOutSpec>>;
  readonly configSchema: z.ZodType | undefined;
  /** Sorted keys of the resources the op needs. */
  readonly resourceKeys: readonly string[];
  readonly retry: RetryPolicy | undefined;
  readonly pool: string | undefined;
  readonly tags: Readonly<Record<string, string>>;
  readonly compute: OpComputeFn;
  /** True when the output is a `DynamicOut` (one handle per item). */
  isDynamicOutput(name: string): boolean;
}

/**
 * An op: callable inside a job or graph composition function (`transform(a)`,
 * `join({ left, right })`), which records an invocation and returns its output handles.
 */
export type OpDefinition<I, H> = Invoke<I, H> &
  OpDefinitionData & {
    /** The same op invoked under another alias: `load.alias('load_archive')(rows)`. */
    alias(name: string): Invoke<I, H>;
  };

// The single-output form comes first: TypeScript caches the contextual return type of
// the function from the first overload tried, and an Iterable context would turn
// `() => [1, 2]` into a tuple.
/** An op with one output named `result`, typed by what the fn returns (or by `out`). */
export function op<I extends InsShape = {}, Ret = unknown, C extends z.ZodType | undefined = undefined, R extends ResourcesShape = {}>( // eslint-disable-line @typescript-eslint/no-empty-object-type -- no inputs by default
  options: OpOptions<I, C, R> & { readonly out?: OutSpec<UnwrapResult<Awaited<Ret>>> },
  fn: (context: OpContextOf<C, R>, inputs: InputValues<I>) => Ret,
): OpDefinition<I, OutputHandle<UnwrapResult<Awaited<Ret>>>>;
/** An op with one dynamic output: the fn returns `DynamicOutput` items. */
export function op<I extends InsShape = {}, T = unknown, C extends z.ZodType | undefined = undefined, R extends ResourcesShape = {}>( // eslint-disable-line @typescript-eslint/no-empty-object-type -- no inputs by default
  options: OpOptions<I, C, R> & { readonly out: DynamicOutSpec<T> },
  fn: (context: OpContextOf<C, R>, inputs: InputValues<I>) => MaybePromise<Iterable<DynamicOutputResult<T>>>,
): OpDefinition<I, DynamicOutputHandle<T>>;
/** An op with named outputs (`outs`): the fn returns a record, the invocation returns handles by name. */
export function op<I extends InsShape = {}, O extends OutsShape = OutsShape, C extends z.ZodType | undefined = undefined, R extends ResourcesShape = {}>( // eslint-disable-line @typescript-eslint/no-empty-object-type -- no inputs by default
  options: OpOptions<I, C, R> & { readonly outs: O },
  fn: (context: OpContextOf<C, R>, inputs: InputValues<I>) => MaybePromise<OutputValues<O>>,
): OpDefinition<I, OutputHandles<O>>;
export function op(
  options: OpOptions<InsShape, z.ZodType | undefined, ResourcesShape> & { readonly outs?: OutsShape; readonly out?: OutSpec | DynamicOutSpec },
  fn: (context: never, inputs: never) => unknown,
): unknown {
  const name = assertName('op', options.name);
  const what = `op ${name}`;
  if (typeof fn !== 'function') throw new InvalidDefinitionError(what, 'the compute function is missing');
  if (options.outs !== undefined && options.out !== undefined) throw new InvalidDefinitionError(what, 'give either out or outs, not both');
  const ins = { ...(options.ins ?? {}) };
  for (const input of Object.keys(ins)) assertName(`${what} input`, input);
  const outs: Record<string, OutSpec | DynamicOutSpec> = options.outs !== undefined ? { ...options.outs } : { result: options.out ?? Out() };
  for (const output of Object.keys(outs)) assertName(`${what} output`, output);
  if (Object.keys(outs).length === 0) throw new InvalidDefinitionError(what, 'outs is empty');
  const data: OpDefinitionData = {
    kind: 'op',
    name,
    description: options.description,
    ins,
    outs,
    inputNames: Object.keys(ins),
    outputs: Object.entries(outs).map(([outputName, spec]) => ({ name: outputName, dynamic: spec[outBrand] === 'dynamic' })),
    outputMode: options.outs !== undefined ? 'multi' : 'single',
    configSchema: options.config,
    resourceKeys: resourceKeysOf(options.resources),
    retry: toRetryPolicy(what, options.retry),
    pool: options.pool,
    tags: normalizeTags(what, options.tags),
    compute: fn as unknown as OpComputeFn,
    isDynamicOutput: (outputName) => outs[outputName]?.[outBrand] === 'dynamic',
  };
  const invoke = (...args: unknown[]) => invokeOp(data, undefined, args);
  // A function's `name` is read-only: define it rather than assign it.
  const { name: _name, ...fields } = data;
  const definition = Object.assign(invoke, fields, {
    alias: (alias: string) => {
      assertName(`${what} alias`, alias);
      return (...args: unknown[]) => invokeOp(data, alias, args);
    },
  });
  Object.defineProperty(definition, 'name', { value: name });
  return Object.freeze(definition);
}

/** True for a value built by {@link op}. */
export function isOpDefinition(value: unknown): value is OpDefinitionData {
  return typeof value === 'function' && (value as Partial<OpDefinitionData>).kind === 'op' && typeof (value as Partial<OpDefinitionData>).compute === 'function';
}
