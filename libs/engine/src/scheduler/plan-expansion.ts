import { OrreryError } from '@orrery/contracts';
import { buildExecutionPlan, InvalidExecutionPlanError, type PlanStep } from '@orrery/core';

/**
 * Steps that a successful step adds to the running plan — Dagster resolving a dynamic
 * output into one mapped step per item. Dependents the plan already has (a collect step)
 * may be told to wait for some of the new steps as well.
 */
export interface PlanExpansion {
  /** New steps. A dep names a step already in the plan (settled or not) or another new step. */
  readonly steps: readonly PlanStep[];
  /**
   * By key of a step still waiting for a dep: new steps it must also wait for (e.g. a
   * collect step, waiting for the step that fans out, waits for every mapped step too).
   * It is skipped if one of them does not succeed.
   */
  readonly waitFor?: ReadonlyMap<string, readonly string[]>;
}

/**
 * Where a step stands, as far as an expansion is concerned: not in the plan, waiting for
 * a dep to settle, or past that (ready, running or ended).
 */
export type StepStanding = 'absent' | 'waiting' | 'ready_or_later';

/**
 * A step returned an expansion the plan cannot take (a key already used, an unknown dep,
 * a cycle, a step told to wait that no longer waits). The step fails with it instead of succeeding.
 */
export class PlanExpansionError extends OrreryError<'INTERNAL', { stepKey: string; problems: string[] }> {
  constructor(readonly stepKey: string, readonly problems: string[], options: { cause?: unknown } = {}) {
    super('INTERNAL', {
      message: `step "${stepKey}" cannot add its steps to the plan: ${problems.join('; ')}`,
      details: { stepKey, problems },
      cause: options.cause,
    });
  }
}

/**
 * Validates `expansion`, returned by step `stepKey`, against the plan so far (`standingOf`)
 * and returns its new steps parents first, so each can be linked to its deps in turn.
 * Throws {@link PlanExpansionError}.
 */
export function orderExpansion(stepKey: string, expansion: PlanExpansion, standingOf: (key: string) => StepStanding): PlanStep[] {
  const problems: string[] = [];
  const fresh = new Set(expansion.steps.map((step) => step.key));
  for (const step of expansion.steps) {
    if (standingOf(step.key) !== 'absent') problems.push(`${step.key}: the plan already has this step`);
    for (const dep of step.deps) {
      if (!fresh.has(dep) && standingOf(dep) === 'absent') problems.push(`${step.key}: depends on unknown step "${dep}"`);
    }
  }
  for (const [waiting, deps] of expansion.waitFor ?? []) {
    const standing = standingOf(waiting);
    if (standing !== 'waiting') problems.push(`${waiting}: ${standing === 'absent' ? 'is not a step of the plan' : 'is no longer waiting for its deps'}`);
    for (const dep of deps) if (!fresh.has(dep)) problems.push(`${waiting}: may only be told to wait for new steps, not "${dep}"`);
  }
  let ordered: readonly PlanStep[] = [];
  try {
    // Deps on steps outside the expansion are already validated above; ordering needs only the new ones.
    ordered = buildExecutionPlan(expansion.steps.map((step) => ({ ...step, deps: step.deps.filter((dep) => fresh.has(dep)) }))).steps;
  } catch (error) {
    if (!(error instanceof InvalidExecutionPlanError)) throw error;
    problems.push(...error.problems.map((problem) => `${problem.stepKey}: ${problem.message}`));
  }
  if (problems.length > 0) throw new PlanExpansionError(stepKey, problems);
  // Hand back the steps as given (with every dep), in the validated order.
  const byKey = new Map(expansion.steps.map((step) => [step.key, step]));
  return ordered.map((step) => byKey.get(step.key)!);
}
