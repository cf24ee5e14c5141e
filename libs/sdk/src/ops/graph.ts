import { InvalidDefinitionError } from '../errors.js';
import { assertName } from '../internal/names.js';
import { invokeGraph, type InvocableGraph, type OutputHandle } from './composition.js';
import type { InSpec, InsShape, Invoke } from './op.js';

/** What a graph's composition function receives: one handle per declared input. */
export type GraphInputs<I> = { readonly [K in keyof I]: I[K] extends InSpec<infer T> ? OutputHandle<T> : never };

/** Options of {@link graph}. */
export interface GraphOptions<I extends InsShape> {
  /** `[A-Za-z0-9_]+`; prefixes the aliases of its ops in a job (`etl.transform`). */
  readonly name: string;
  readonly description?: string;
  /** Inputs the graph takes from the job, by name (`In<T>()`). */
  readonly ins?: I;
}

/** A graph: ops composed under one name, invocable in jobs and other graphs like an op. */
export type GraphDefinition<I, H> = Invoke<I, H> &
  InvocableGraph & {
    readonly description: string | undefined;
    /** The same graph invoked under another alias. */
    alias(name: string): Invoke<I, H>;
  };

/**
 * Defines a graph (Dagster's `@graph`). `compose` wires ops exactly as a job's function
 * does and returns the handle(s) that become the graph's outputs (one handle, a record of
 * handles, a dynamic handle, or nothing). Invoking the graph inside a job inlines its ops.
 */
export function graph<I extends InsShape = {}, H = void>( // eslint-disable-line @typescript-eslint/no-empty-object-type -- no inputs by default
  options: GraphOptions<I>,
  compose: (inputs: GraphInputs<I>) => H,
): GraphDefinition<I, H> {
  const name = assertName('graph', options.name);
  if (typeof compose !== 'function') throw new InvalidDefinitionError(`graph ${name}`, 'the composition function is missing');
  const inputNames = Object.keys(options.ins ?? {});
  for (const input of inputNames) assertName(`graph ${name} input`, input);
  const data: Omit<InvocableGraph, 'name'> = {
    kind: 'graph',
    inputNames,
    compose: compose as InvocableGraph['compose'],
  };
  const invocable: InvocableGraph = { ...data, name };
  const invoke = (...args: unknown[]) => invokeGraph(invocable, undefined, args);
  const definition = Object.assign(invoke, data, {
    description: options.description,
    alias: (alias: string) => {
      assertName(`graph ${name} alias`, alias);
      return (...args: unknown[]) => invokeGraph(invocable, alias, args);
    },
  });
  Object.defineProperty(definition, 'name', { value: name });
  return Object.freeze(definition) as unknown as GraphDefinition<I, H>;
}
