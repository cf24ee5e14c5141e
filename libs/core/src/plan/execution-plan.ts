import { OrreryError } from '@orrery/contracts';
import { MinHeap } from '../shared/min-heap.js';

/**
 * One step of an execution plan: an asset (or multi-asset) materialization, an op
 * invocation, an asset check, or a source-asset observation. Steps carry no functions: a
 * plan is data, storable with the run, and the engine finds each step's compute by key.
 */
export interface PlanStep {
  /** Unique within the plan, e.g. `raw/customers` or `transform` or `load[2]`. */
  key: string;
  kind: 'asset' | 'op' | 'asset_check' | 'observation';
  /** Keys of the steps whose outputs this step needs; it starts once they succeeded. */
  deps: readonly string[];
  /** Asset keys (`a/b` form) this step materializes, observes or checks. */
  assetKeys?: readonly string[];
  /** Concurrency pool whose slot the step holds while it runs. */
  pool?: string;
  /** Set on steps of a blocking asset check: its failure skips the asset's downstream steps. */
  blocking?: boolean;
}

/** A validated plan: steps in a topological order (ties broken by key), indexed by key. */
export interface ExecutionPlan {
  readonly steps: readonly PlanStep[];
  /** Position of each step in `steps`. */
  readonly indexOf: ReadonlyMap<string, number>;
  /** Keys of the steps that depend on each step. */
  readonly dependents: ReadonlyMap<string, readonly string[]>;
}

/** One problem found while building a plan. */
export interface PlanProblem {
  stepKey: string;
  message: string;
}

/** Thrown by {@link buildExecutionPlan} with every problem of the steps given. */
export class InvalidExecutionPlanError extends OrreryError<'VALIDATION_FAILED', { problems: PlanProblem[] }> {
  constructor(readonly problems: PlanProblem[]) {
    super('VALIDATION_FAILED', {
      message: `invalid execution plan:\n${problems.map((p) => `  ${p.stepKey}: ${p.message}`).join('\n')}`,
      details: { problems },
    });
  }
}

/**
 * Orders `steps` so each comes after its deps (Kahn's algorithm; among ready steps the
 * smallest key first, so the same steps always give the same plan). Duplicate keys,
 * unknown deps and cycles are reported together.
 */
export function buildExecutionPlan(steps: readonly PlanStep[]): ExecutionPlan {
  const problems: PlanProblem[] = [];
  const byKey = new Map<string, PlanStep>();
  for (const step of steps) {
    if (byKey.has(step.key)) problems.push({ stepKey: step.key, message: 'duplicate step key' });
    byKey.set(step.key, step);
  }
  const dependents = new Map<string, string[]>([...byKey.keys()].map((key) => [key, []]));
  const waitingOn = new Map<string, number>();
  for (const step of byKey.values()) {
    let known = 0;
    for (const dep of new Set(step.deps)) {
      const list = dependents.get(dep);
      if (!list) {
        problems.push({ stepKey: step.key, message: `depends on unknown step "${dep}"` });
        continue;
      }
      list.push(step.key);
      known += 1;
    }
    waitingOn.set(step.key, known);
  }

  const ready = new MinHeap<string>();
  for (const [key, count] of waitingOn) if (count === 0) ready.push(key);
  const ordered: PlanStep[] = [];
  const placed = new Set<string>();
  for (let key = ready.pop(); key !== undefined; key = ready.pop()) {
    ordered.push(byKey.get(key)!);
    placed.add(key);
    for (const child of dependents.get(key) ?? []) {
      const remaining = waitingOn.get(child)! - 1;
      waitingOn.set(child, remaining);
      if (remaining === 0) ready.push(child);
    }
  }
  if (ordered.length < byKey.size) {
    const stuck = [...byKey.keys()].filter((key) => !placed.has(key)).sort();
    problems.push({ stepKey: stuck[0]!, message: `is part of a dependency cycle among: ${stuck.join(', ')}` });
  }
  if (problems.length > 0) throw new InvalidExecutionPlanError(problems);

  return {
    steps: ordered,
    indexOf: new Map(ordered.map((step, index) => [step.key, index])),
    dependents,
  };
}
