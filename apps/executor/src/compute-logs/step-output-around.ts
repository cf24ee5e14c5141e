import type { StepRunner } from '@orrery/engine';
import type { ComputeLogManager } from './compute-log-manager.js';

/**
 * The engine's `wrapStep` that runs each step attempt inside its log-capture context, so
 * what the step's code writes to stdout/stderr lands in `<runId>/<stepKey>` beside its
 * `context.log` lines. Compose it inside the pool-slot wrapper: waiting for a slot is not
 * the step's output.
 */
export function stepOutputAround(logs: ComputeLogManager, runId: string): (runStep: StepRunner) => StepRunner {
  return (runStep) => (attempt) => logs.runInStepContext(logs.logKeyFor(runId, attempt.step.key), () => runStep(attempt));
}
