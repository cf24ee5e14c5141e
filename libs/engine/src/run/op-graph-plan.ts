import { OrreryError } from '@orrery/contracts';
import type { PlanStep } from '@orrery/core';
import { DEFAULT_IO_MANAGER_KEY, DefinitionNotFoundError, type OpDefinitionData, type OpNode, type OutputRef, type ResolvedOpJob } from '@orrery/sdk';
import type { PlanExpansion } from '../scheduler/plan-expansion.js';
import type { OpStepSelection } from './op-step-selection.js';

/** Step key of a node's run for one item of a dynamic output: Dagster's `process[file_3]`. */
export const mappedStepKey = (alias: string, mappingKey: string) => `${alias}[${mappingKey}]`;

const mappedKeyPattern = /^(.+)\[([A-Za-z0-9_]+)\]$/;

/** The node alias and mapping key of a step key (`etl.process[a]` → `etl.process`, `a`). */
export function parseOpStepKey(stepKey: string): { alias: string; mappingKey: string | undefined } {
  const match = mappedKeyPattern.exec(stepKey);
  return match ? { alias: match[1]!, mappingKey: match[2]! } : { alias: stepKey, mappingKey: undefined };
}

/** Resource key of the IO manager that stores an op output: its `Out` option, else `io_manager`. */
export function outputIoManagerKey(op: OpDefinitionData, outputName: string): string {
  return op.outs[outputName]?.ioManager ?? DEFAULT_IO_MANAGER_KEY;
}

/**
 * A step needs the items of a dynamic output that has not resolved. Steps collecting items
 * wait for the op yielding them, so this is an engine bug, not a user error.
 */
export class UnresolvedDynamicOutputError extends OrreryError<'INTERNAL', { node: string; output: string }> {
  constructor(readonly ref: OutputRef) {
    super('INTERNAL', { message: `the items of ${ref.node}.${ref.output} are not known yet`, details: { node: ref.node, output: ref.output } });
  }
}

// A dynamic output and everything mapped over it share a scope, named by the output.
const scopeId = (ref: OutputRef) => `${ref.node}:${ref.output}`;

/**
 * The plan of one run of an op job. Nodes outside any `.map()` are steps from the start,
 * keyed by alias; a node mapped over a dynamic output becomes one step per item
 * (`alias[key]`) once the op yielding the items succeeds — Dagster's plan resolution.
 * A step collecting mapped results starts out waiting for the op that fans out, and is
 * then told to wait for every mapped step too. Holds the mapping keys of each resolved
 * dynamic output, in emission order, so collect inputs load the items in that order.
 * Under a step selection only selected nodes become steps, and a step waits only for
 * selected upstream steps: the others' outputs are already stored by the parent run.
 */
export class OpGraphPlan {
  private readonly nodes = new Map<string, OpNode>();
  /** Nodes mapped over each dynamic output, in invocation order (parents first). */
  private readonly mappedNodes = new Map<string, OpNode[]>();
  /** Nodes with a collect input gathering a node mapped over each dynamic output. */
  private readonly collectors = new Map<string, OpNode[]>();
  private readonly resolvedKeys = new Map<string, readonly string[]>();

  constructor(
    readonly job: ResolvedOpJob,
    readonly selection: OpStepSelection,
  ) {
    for (const node of job.graph.nodes) this.nodes.set(node.alias, node);
    for (const node of job.graph.nodes) {
      if (!selection.includes(node.alias)) continue;
      if (node.mappedOver !== undefined) push(this.mappedNodes, scopeId(node.mappedOver), node);
      for (const input of Object.values(node.inputs)) {
        const collected = input.kind === 'collect' ? this.node(input.node).mappedOver : undefined;
        if (collected !== undefined) push(this.collectors, scopeId(collected), node);
      }
    }
  }

  node(alias: string): OpNode {
    const node = this.nodes.get(alias);
    if (node === undefined) throw new DefinitionNotFoundError(`op invocation of job ${this.job.name}`, alias);
    return node;
  }

  /** The op definition a node invokes. */
  opOf(alias: string): OpDefinitionData {
    return this.job.ops.get(this.node(alias).op)!;
  }

  /** Resource key of the IO manager storing `ref`. */
  ioManagerKeyOf(ref: OutputRef): string {
    return outputIoManagerKey(this.opOf(ref.node), ref.output);
  }

  /** Resources the run needs: the ops' own and the IO managers of every output. */
  resourceKeys(): Set<string> {
    const keys = new Set<string>();
    for (const op of this.job.ops.values()) {
      for (const key of op.resourceKeys) keys.add(key);
      for (const outputName of Object.keys(op.outs)) keys.add(outputIoManagerKey(op, outputName));
    }
    return keys;
  }

  /** The steps known before anything runs: one per selected node outside any `.map()`. */
  initialSteps(): PlanStep[] {
    return this.job.graph.nodes
      .filter((node) => node.mappedOver === undefined && this.selection.includes(node.alias))
      .map((node) => this.stepOf(node, undefined));
  }

  /**
   * Mapping keys of a dynamic output (or of the one a mapped node's output is mapped
   * over), in emission order. Throws {@link UnresolvedDynamicOutputError} before it resolved.
   */
  mappingKeys(ref: OutputRef): readonly string[] {
    const dynamicOutput = this.node(ref.node).mappedOver ?? ref;
    const keys = this.resolvedKeys.get(scopeId(dynamicOutput));
    if (keys === undefined) throw new UnresolvedDynamicOutputError(dynamicOutput);
    return keys;
  }

  /**
   * Records the mapping keys a dynamic output yielded and returns the steps they add: each
   * mapped node once per key, and the extra waits of steps collecting the mapped results.
   * With no key nothing is added: the mapped nodes never run and collectors get empty
   * lists, as Dagster does with a dynamic output that yields nothing.
   */
  resolve(dynamicOutput: OutputRef, keys: readonly string[]): PlanExpansion {
    const scope = scopeId(dynamicOutput);
    this.resolvedKeys.set(scope, keys);
    const steps = keys.flatMap((key) => (this.mappedNodes.get(scope) ?? []).map((node) => this.stepOf(node, key)));
    const waitFor = new Map<string, string[]>();
    for (const collector of this.collectors.get(scope) ?? []) {
      const gathered = Object.values(collector.inputs).flatMap((input) =>
        input.kind === 'collect' && this.node(input.node).mappedOver !== undefined && scopeId(this.node(input.node).mappedOver!) === scope
          ? keys.map((key) => mappedStepKey(input.node, key))
          : [],
      );
      for (const stepKey of this.stepKeysOf(collector)) waitFor.set(stepKey, gathered);
    }
    return { steps, waitFor };
  }

  /** Keys of the steps a node has now: its alias, or one per resolved key of its scope. */
  private stepKeysOf(node: OpNode): string[] {
    if (node.mappedOver === undefined) return [node.alias];
    return (this.resolvedKeys.get(scopeId(node.mappedOver)) ?? []).map((key) => mappedStepKey(node.alias, key));
  }

  private stepOf(node: OpNode, mappingKey: string | undefined): PlanStep {
    const deps = new Set<string>();
    const sourceStep = (alias: string) => (this.node(alias).mappedOver === undefined ? alias : mappedStepKey(alias, mappingKey!));
    for (const input of Object.values(node.inputs)) {
      if (input.kind === 'fan_in') for (const source of input.sources) deps.add(source.node);
      else if (input.kind === 'output') deps.add(sourceStep(input.node));
      else {
        // A collect waits for the op that fans out; if its items are already known, for each mapped step too.
        const scope = this.node(input.node).mappedOver;
        deps.add(scope?.node ?? input.node);
        if (scope !== undefined) for (const key of this.resolvedKeys.get(scopeId(scope)) ?? []) deps.add(mappedStepKey(input.node, key));
      }
    }
    // An unselected upstream does not run: its output is loaded from the parent run. Dynamic
    // upstreams are always selected (OpStepSelection.of), so only plain step keys are dropped here.
    for (const dep of deps) if (!this.selection.includes(parseOpStepKey(dep).alias)) deps.delete(dep);
    const op = this.opOf(node.alias);
    return {
      key: mappingKey === undefined ? node.alias : mappedStepKey(node.alias, mappingKey),
      kind: 'op',
      deps: [...deps].sort(),
      ...(op.pool === undefined ? {} : { pool: op.pool }),
    };
  }
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
