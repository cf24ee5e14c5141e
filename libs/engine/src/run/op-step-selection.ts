import type { OpNode, OutputRef, ResolvedOpJob } from '@orrery/sdk';
import { parseOpStepKey } from './op-graph-plan.js';
import { ParentRunRequiredError, UnknownStepSelectionError, UnselectedDynamicUpstreamError, type UnselectedDynamicUpstream } from './step-selection-errors.js';

/**
 * Which op invocations of a run execute (Dagster's `step_selection` re-execution), and
 * where the outputs of the others are read from: the parent run's storage. Selection is by
 * node: a mapped step key (`process[a]`) selects every item of `process`, because its
 * producer runs again and yields the items anew.
 */
export class OpStepSelection {
  private constructor(
    /** Aliases of the nodes that run; undefined: all of them. */
    private readonly selectedNodes: ReadonlySet<string> | undefined,
    readonly parentRunId: string | undefined,
  ) {}

  /** Every node runs: a run of the whole job. */
  static all(): OpStepSelection {
    return new OpStepSelection(undefined, undefined);
  }

  /**
   * Validates `stepKeys` (aliases or mapped step keys) against `job`. Throws
   * {@link UnknownStepSelectionError}, {@link UnselectedDynamicUpstreamError} when a selected
   * step needs the items of an unselected one, and {@link ParentRunRequiredError} when a
   * selected step reads an unselected one's output and `parentRunId` is undefined.
   */
  static of(job: ResolvedOpJob, stepKeys: readonly string[], parentRunId: string | undefined): OpStepSelection {
    const nodes = new Map(job.graph.nodes.map((node) => [node.alias, node]));
    const selected = new Set<string>();
    const unknown: string[] = [];
    for (const stepKey of stepKeys) {
      const { alias, mappingKey } = parseOpStepKey(stepKey);
      const node = nodes.get(alias);
      if (node === undefined || (mappingKey !== undefined && node.mappedOver === undefined)) unknown.push(stepKey);
      else selected.add(alias);
    }
    if (unknown.length > 0 || selected.size === 0) throw new UnknownStepSelectionError(job.name, unknown);

    const selection = new OpStepSelection(selected, parentRunId);
    const chosen = job.graph.nodes.filter((node) => selected.has(node.alias));
    const missing = chosen.flatMap((node) => selection.unselectedDynamicUpstreams(job, nodes, node));
    if (missing.length > 0) throw new UnselectedDynamicUpstreamError(job.name, missing);
    const fromParent = chosen.flatMap((node) =>
      Object.entries(node.inputs).flatMap(([inputName, input]) =>
        sourcesOf(input).filter((source) => !selected.has(source.node)).map((source) => `${node.alias}.${inputName} (from ${source.node}.${source.output})`),
      ),
    );
    if (fromParent.length > 0 && parentRunId === undefined) throw new ParentRunRequiredError(job.name, fromParent);
    return selection;
  }

  /** True when node `alias` runs. */
  includes(alias: string): boolean {
    return this.selectedNodes === undefined || this.selectedNodes.has(alias);
  }

  /** The run whose storage holds the outputs of node `alias`: `runId` when it runs, else the parent run. */
  runStoring(alias: string, runId: string): string {
    if (this.includes(alias)) return runId;
    // `of` refused a selection reading unselected outputs without a parent run.
    if (this.parentRunId === undefined) throw new Error(`engine bug: no parent run holds the outputs of ${alias}`);
    return this.parentRunId;
  }

  /**
   * Unselected nodes whose mapping keys `node` needs: the producer it is mapped over, and
   * any source that is a dynamic output or a mapped node (its items exist per key).
   */
  private unselectedDynamicUpstreams(job: ResolvedOpJob, nodes: ReadonlyMap<string, OpNode>, node: OpNode): UnselectedDynamicUpstream[] {
    const upstreams = new Set<string>();
    if (node.mappedOver !== undefined) upstreams.add(node.mappedOver.node);
    for (const input of Object.values(node.inputs)) {
      for (const source of sourcesOf(input)) {
        const upstream = nodes.get(source.node)!;
        if (upstream.mappedOver !== undefined || job.ops.get(upstream.op)!.isDynamicOutput(source.output)) upstreams.add(source.node);
      }
    }
    return [...upstreams].filter((upstream) => !this.includes(upstream)).map((upstream) => ({ step: node.alias, upstream }));
  }
}

function sourcesOf(input: OpNode['inputs'][string]): readonly OutputRef[] {
  return input.kind === 'fan_in' ? input.sources : [input];
}
