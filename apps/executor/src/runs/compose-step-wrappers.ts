import type { StepRunner } from '@orrery/engine';

/** A wrapper around every step attempt (see `wrapStep` of the engine's executeRun). */
export type StepWrapper = (runStep: StepRunner) => StepRunner;

/** One wrapper from several, the first outermost; undefined when none is given. */
export function composeStepWrappers(...wrappers: readonly (StepWrapper | undefined)[]): StepWrapper | undefined {
  const present = wrappers.filter((wrapper): wrapper is StepWrapper => wrapper !== undefined);
  if (present.length === 0) return undefined;
  return (runStep) => present.reduceRight((inner, wrap) => wrap(inner), runStep);
}
