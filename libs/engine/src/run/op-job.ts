import { buildExecutionPlan } from '@orrery/core';
import type { ResolvedOpJob } from '@orrery/sdk';
import type { JobExecution } from './job-execution.js';
import { OpGraphPlan, parseOpStepKey } from './op-graph-plan.js';
import type { OpStepSelection } from './op-step-selection.js';
import { runOpStep } from './op-step.js';
import type { RunScope } from './run-scope.js';

/**
 * The execution of an op job: one step per op invocation keyed by its alias path
 * (`etl.transform`), mapped invocations added as dynamic outputs resolve. A step retries
 * per its op's policy, else the job's `opRetry` (Dagster's `op_retry_policy`). Only the
 * steps of `selection` run; inputs from the others are loaded from its parent run.
 */
export function prepareOpJob(scope: RunScope, job: ResolvedOpJob, selection: OpStepSelection): JobExecution {
  const run = { graph: new OpGraphPlan(job, selection), valueless: new Set<string>() };
  const opOf = (stepKey: string) => run.graph.opOf(parseOpStepKey(stepKey).alias);
  return {
    plan: buildExecutionPlan(run.graph.initialSteps()),
    resourceKeys: run.graph.resourceKeys(),
    retryPolicyOf: (step) => opOf(step.key).retry ?? job.definition.opRetry,
    runStep: (attempt) => runOpStep(scope, run, attempt),
    stepStartData: (step) => {
      const op = opOf(step.key);
      return {
        op: op.name,
        ...(step.pool === undefined ? {} : { pool: step.pool }),
        ...(Object.keys(op.tags).length > 0 ? { tags: { ...op.tags } } : {}),
      };
    },
  };
}
