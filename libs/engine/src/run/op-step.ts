import { collectOpOutputs, type OpExecutionContext } from '@orrery/sdk';
import type { PlanExpansion } from '../scheduler/plan-expansion.js';
import type { StepAttempt, StepAttemptResult } from '../scheduler/step-attempt.js';
import { parseOpStepKey } from './op-graph-plan.js';
import { loadOpInput, storeOpOutput, type OpRun } from './op-io.js';
import { stepLogger, type RunScope } from './run-scope.js';
import { partitionContextFor } from './step-partitions.js';
import { stepRunContext } from './step-run-context.js';

/**
 * Runs one attempt of an op step: loads its inputs through the upstream IO managers, calls
 * the op with its config (by the node's alias path) and mapping key, and stores each
 * output. A dynamic output stores each item and resolves into the mapped steps, returned
 * as the plan expansion. Throwing fails the attempt; the scheduler retries or fails it.
 */
export async function runOpStep(scope: RunScope, run: OpRun, attempt: StepAttempt): Promise<StepAttemptResult> {
  const stepKey = attempt.step.key;
  const { alias, mappingKey } = parseOpStepKey(stepKey);
  const node = run.graph.node(alias);
  const op = run.graph.opOf(alias);
  const log = stepLogger(scope, stepKey);
  const inputs: Record<string, unknown> = {};
  for (const [inputName, input] of Object.entries(node.inputs)) {
    inputs[inputName] = await loadOpInput(scope, run, { stepKey, mappingKey, inputName, input }, log);
  }
  const context: OpExecutionContext<unknown, Readonly<Record<string, unknown>>> = {
    ...stepRunContext(scope, stepKey, log, attempt.signal),
    ...partitionContextFor(scope, run.graph.job.partitions),
    opName: alias, stepKey, config: scope.runConfig.get(alias), mappingKey, retryNumber: attempt.attempt - 1,
  };
  const outputs = collectOpOutputs(op, await op.compute(context, inputs));
  // An attempt that timed out or was canceled may still return: its outputs must not
  // overwrite those of the attempt that replaced it.
  attempt.signal.throwIfAborted();
  const expansions: PlanExpansion[] = [];
  for (const output of outputs) {
    const ref = { node: alias, output: output.outputName };
    if (output.kind === 'value') {
      await storeOpOutput(scope, run, { stepKey, mappingKey, ref }, output.output, log);
      continue;
    }
    for (const item of output.items) await storeOpOutput(scope, run, { stepKey, mappingKey, ref, itemKey: item.mappingKey }, item, log);
    expansions.push(run.graph.resolve(ref, output.items.map((item) => item.mappingKey)));
  }
  return expansions.length === 0 ? {} : { expand: mergeExpansions(expansions) };
}

/** One expansion from those of several dynamic outputs of one op. */
function mergeExpansions(expansions: readonly PlanExpansion[]): PlanExpansion {
  const waitFor = new Map<string, string[]>();
  for (const expansion of expansions) {
    for (const [key, deps] of expansion.waitFor ?? []) waitFor.set(key, [...(waitFor.get(key) ?? []), ...deps]);
  }
  return { steps: expansions.flatMap((expansion) => expansion.steps), waitFor };
}
