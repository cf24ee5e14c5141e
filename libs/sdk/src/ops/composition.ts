import { InvalidDefinitionError } from '../errors.js';
import type { OpGraph, OpNode, OpNodeInput, OutputRef } from './op-graph.js';

const handleBrand = Symbol('orrery.handle');
const dynamicBrand = Symbol('orrery.dynamicHandle');

interface HandleRef extends OutputRef {
  /** The dynamic output whose items this handle stands for (per mapping key). */
  readonly mappedOver: OutputRef | undefined;
  readonly collected: boolean;
}

/**
 * An output of an invocation inside a job or graph composition function: pass it to
 * another op to make that op depend on it. It holds no value (composition only records
 * the structure); `T` types what the consuming op receives.
 */
export interface OutputHandle<T> {
  readonly [handleBrand]: HandleRef;
  /** Type-level only. */
  readonly __valueType?: T;
}

/** A dynamic output (Dagster's DynamicOutput handle): fan out with `map`, gather with `collect`. */
export interface DynamicOutputHandle<T> {
  readonly [dynamicBrand]: HandleRef;
  /**
   * Runs `fn`'s ops once per item (in parallel, one step per mapping key). Returns the
   * mapped output of the handle `fn` returns, itself mappable and collectable.
   */
  map<R>(fn: (item: OutputHandle<T>) => OutputHandle<R>): DynamicOutputHandle<R>;
  map(fn: (item: OutputHandle<T>) => void): void;
  /** Every item's value, in mapping-key order, as one list input (fan-in). */
  collect(): OutputHandle<T[]>;
  /** Type-level only. */
  readonly __valueType?: T;
}

/** What an op input accepts: one handle, or for list inputs a list of handles (fan-in). */
export type InputArg<T> = OutputHandle<T> | (T extends readonly (infer U)[] ? readonly OutputHandle<U>[] : never);

/** What composition needs to know about an op or graph to record an invocation. */
export interface Invocable {
  readonly kind: 'op' | 'graph';
  readonly name: string;
  /** Declared input names, in declaration order. */
  readonly inputNames: readonly string[];
}

/** An op's outputs as composition sees them. */
export interface InvocableOp extends Invocable {
  readonly kind: 'op';
  readonly outputs: readonly { readonly name: string; readonly dynamic: boolean }[];
  /** `single`: the invocation returns one handle; `multi`: a record of handles by output name. */
  readonly outputMode: 'single' | 'multi';
}

/** A graph as composition sees it. */
export interface InvocableGraph extends Invocable {
  readonly kind: 'graph';
  readonly compose: (inputs: Record<string, unknown>) => unknown;
}

/** The structure a composition function recorded, and the ops it invoked by name. */
export interface RecordedComposition {
  readonly graph: OpGraph;
  readonly ops: ReadonlyMap<string, InvocableOp>;
  readonly returned: unknown;
}

class CompositionBuilder {
  readonly nodes: OpNode[] = [];
  readonly ops = new Map<string, InvocableOp>();
  readonly prefix: string[] = [];
  private readonly aliases = new Set<string>();

  constructor(readonly owner: string) {}

  claimAlias(base: string, explicit: boolean): string {
    const full = (name: string) => [...this.prefix, name].join('.');
    let alias = base;
    if (this.aliases.has(full(alias))) {
      if (explicit) throw new InvalidDefinitionError(this.owner, `alias ${JSON.stringify(full(alias))} is used twice`);
      // Dagster's automatic aliases: the second invocation of `op` is `op_2`, and so on.
      for (let n = 2; this.aliases.has(full(alias)); n++) alias = `${base}_${n}`;
    }
    this.aliases.add(full(alias));
    return alias;
  }
}

let active: CompositionBuilder | undefined;

/**
 * Runs a composition function, recording every op invocation. The function must be
 * synchronous: it only wires handles, it never sees values.
 */
export function recordComposition(owner: string, compose: () => unknown): RecordedComposition {
  if (active !== undefined) throw new InvalidDefinitionError(owner, 'a job cannot be defined inside another composition function');
  const builder = new CompositionBuilder(owner);
  active = builder;
  let returned: unknown;
  try {
    returned = compose();
  } finally {
    active = undefined;
  }
  if (typeof (returned as { then?: unknown } | undefined)?.then === 'function') {
    throw new InvalidDefinitionError(owner, 'a composition function must be synchronous (it wires handles, it never awaits values)');
  }
  return { graph: { nodes: builder.nodes }, ops: builder.ops, returned };
}

/** Records an invocation of `op` (as `alias`, or an automatic one) and returns its output handles. */
export function invokeOp(op: InvocableOp, alias: string | undefined, args: unknown[]): unknown {
  const builder = requireBuilder(`op ${op.name}`);
  const known = builder.ops.get(op.name);
  if (known !== undefined && known !== op) {
    throw new InvalidDefinitionError(builder.owner, `two different ops are named ${JSON.stringify(op.name)}`);
  }
  builder.ops.set(op.name, op);
  const bound = bindInputs(builder.owner, op, args);
  const inputs: Record<string, OpNodeInput> = {};
  let mappedOver: OutputRef | undefined;
  for (const [inputName, arg] of Object.entries(bound)) {
    const { input, scope } = toNodeInput(builder.owner, op.name, inputName, arg);
    inputs[inputName] = input;
    if (scope !== undefined) {
      if (mappedOver !== undefined && !sameRef(mappedOver, scope)) {
        throw new InvalidDefinitionError(builder.owner, `op ${op.name} takes inputs mapped over two different dynamic outputs`);
      }
      mappedOver = scope;
    }
  }
  if (mappedOver !== undefined && op.outputs.some((output) => output.dynamic)) {
    throw new InvalidDefinitionError(builder.owner, `op ${op.name} has a dynamic output inside .map(): nested dynamic outputs are not supported`);
  }
  const nodeAlias = [...builder.prefix, builder.claimAlias(alias ?? op.name, alias !== undefined)].join('.');
  const node: OpNode = {
    alias: nodeAlias,
    op: op.name,
    inputs,
    graphPath: [...builder.prefix],
    ...(mappedOver === undefined ? {} : { mappedOver }),
  };
  builder.nodes.push(node);
  const handles: Record<string, unknown> = {};
  for (const output of op.outputs) {
    const ref: HandleRef = { node: nodeAlias, output: output.name, mappedOver, collected: false };
    handles[output.name] = output.dynamic ? dynamicHandle(ref) : outputHandle(ref);
  }
  return op.outputMode === 'single' ? handles[op.outputs[0]!.name] : handles;
}

/** Records a graph invocation: its ops are inlined with `alias.` prefixed to theirs. */
export function invokeGraph(graph: InvocableGraph, alias: string | undefined, args: unknown[]): unknown {
  const builder = requireBuilder(`graph ${graph.name}`);
  const bound = bindInputs(builder.owner, graph, args);
  const graphAlias = builder.claimAlias(alias ?? graph.name, alias !== undefined);
  builder.prefix.push(graphAlias);
  try {
    return graph.compose(bound);
  } finally {
    builder.prefix.pop();
  }
}

function requireBuilder(what: string): CompositionBuilder {
  if (active === undefined) {
    throw new InvalidDefinitionError(
      what,
      'it is invoked only inside a job or graph composition function (to run it, use materialize() or executeJob() from the engine)',
    );
  }
  return active;
}

// `transform(a)` is accepted for a one-input op; otherwise inputs go by name: `join({ left, right })`.
function bindInputs(owner: string, target: Invocable, args: unknown[]): Record<string, unknown> {
  const [first] = args;
  if (args.length > 1) throw new InvalidDefinitionError(owner, `${target.kind} ${target.name} takes one argument: its inputs by name`);
  let bound: Record<string, unknown>;
  if (first === undefined) bound = {};
  else if (isHandleLike(first)) {
    if (target.inputNames.length !== 1) {
      throw new InvalidDefinitionError(owner, `${target.kind} ${target.name} has ${target.inputNames.length} inputs: pass them by name`);
    }
    bound = { [target.inputNames[0]!]: first };
  } else if (typeof first === 'object' && first !== null) bound = { ...(first as Record<string, unknown>) };
  else throw new InvalidDefinitionError(owner, `${target.kind} ${target.name}: inputs are handles returned by other invocations`);
  const unknown = Object.keys(bound).filter((name) => !target.inputNames.includes(name));
  const missing = target.inputNames.filter((name) => bound[name] === undefined);
  if (unknown.length > 0) throw new InvalidDefinitionError(owner, `${target.kind} ${target.name} has no input ${unknown.join(', ')}`);
  if (missing.length > 0) throw new InvalidDefinitionError(owner, `${target.kind} ${target.name} is missing input ${missing.join(', ')}`);
  return bound;
}

function toNodeInput(owner: string, opName: string, inputName: string, arg: unknown): { input: OpNodeInput; scope: OutputRef | undefined } {
  if (Array.isArray(arg)) {
    const sources = arg.map((item) => {
      const ref = handleRef(item);
      if (ref === undefined || ref.mappedOver !== undefined || ref.collected) {
        throw new InvalidDefinitionError(owner, `op ${opName} input ${inputName}: a fan-in list holds plain output handles only`);
      }
      return { node: ref.node, output: ref.output };
    });
    return { input: { kind: 'fan_in', sources }, scope: undefined };
  }
  if (isDynamicHandle(arg)) {
    throw new InvalidDefinitionError(owner, `op ${opName} input ${inputName}: a dynamic output is consumed through .map() or .collect()`);
  }
  const ref = handleRef(arg);
  if (ref === undefined) {
    throw new InvalidDefinitionError(owner, `op ${opName} input ${inputName}: expected a handle returned by another invocation`);
  }
  const target = { node: ref.node, output: ref.output };
  if (ref.collected) return { input: { kind: 'collect', ...target }, scope: undefined };
  return { input: { kind: 'output', ...target }, scope: ref.mappedOver };
}

function outputHandle<T>(ref: HandleRef): OutputHandle<T> {
  return Object.freeze({ [handleBrand]: ref });
}

function dynamicHandle<T>(ref: HandleRef): DynamicOutputHandle<T> {
  // The dynamic output itself, or (after map) the mapped output whose items share its keys.
  const source: OutputRef = ref.mappedOver ?? { node: ref.node, output: ref.output };
  const handle = {
    [dynamicBrand]: ref,
    map(fn: (item: OutputHandle<T>) => unknown): unknown {
      const item = outputHandle<T>({ node: ref.node, output: ref.output, mappedOver: source, collected: false });
      const result = fn(item);
      if (result === undefined) return undefined;
      const resultRef = handleRef(result);
      if (resultRef === undefined || resultRef.mappedOver === undefined || !sameRef(resultRef.mappedOver, source)) {
        throw new InvalidDefinitionError(
          requireBuilder('map').owner,
          '.map() must return the output handle of an op invoked on the item (or nothing)',
        );
      }
      return dynamicHandle(resultRef);
    },
    collect: () => outputHandle<T[]>({ node: ref.node, output: ref.output, mappedOver: undefined, collected: true }),
  };
  return Object.freeze(handle) as DynamicOutputHandle<T>;
}

function handleRef(value: unknown): HandleRef | undefined {
  return typeof value === 'object' && value !== null && handleBrand in value ? (value as OutputHandle<unknown>)[handleBrand] : undefined;
}

function isDynamicHandle(value: unknown): boolean {
  return typeof value === 'object' && value !== null && dynamicBrand in value;
}

function isHandleLike(value: unknown): boolean {
  return Array.isArray(value) || handleRef(value) !== undefined || isDynamicHandle(value);
}

function sameRef(a: OutputRef, b: OutputRef): boolean {
  return a.node === b.node && a.output === b.output;
}
