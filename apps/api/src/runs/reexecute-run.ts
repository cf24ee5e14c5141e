import { OrreryError } from '@orrery/contracts';
import {
  RunNotFoundError, planReexecution, stepOutcomesFromEvents,
  type EventRecord, type EventType, type ReexecutionStrategy, type RunRecord,
} from '@orrery/core';
import { enqueueRun } from './enqueue-run.js';
import { jobStepsOf } from './job-steps.js';
import { CodeLocationNotFoundError } from './request-errors.js';
import type { RunsContext } from './runs-context.js';

/** The strategies of the HTTP body, as core names them. */
export const REEXECUTION_STRATEGIES = { from_failure: 'FROM_FAILURE', all: 'ALL_STEPS' } as const satisfies Record<string, ReexecutionStrategy>;

const STEP_EVENT_TYPES: readonly EventType[] = ['STEP_START', 'STEP_SUCCESS', 'STEP_FAILURE', 'STEP_SKIPPED', 'STEP_UP_FOR_RETRY', 'STEP_RESTARTED'];
const EVENT_PAGE = 10_000;

/**
 * `POST /runs/:id/reexecute`: a QUEUED child run of a finished run (core's
 * `planReexecution`) on the latest snapshot of the parent's location. Throws
 * RunNotFoundError, CodeLocationNotFoundError, JobNotFoundError, ReexecutionNotAllowedError.
 */
export async function reexecuteRun(ctx: RunsContext, runId: string, strategy: ReexecutionStrategy): Promise<RunRecord> {
  const parent = await ctx.runs.getRun(runId);
  if (parent === null) throw new RunNotFoundError(runId);
  if (parent.locationName === null) {
    throw new OrreryError('CONFLICT', { message: `run ${runId} belongs to no code location; it cannot be re-executed` });
  }
  const snapshot = await ctx.snapshots.current(parent.locationName);
  if (snapshot === null) throw new CodeLocationNotFoundError(parent.locationName);
  const jobSteps = jobStepsOf(snapshot, parent);
  // Only FROM_FAILURE of a failed run reads outcomes; anything else is refused or needs none.
  const needsOutcomes = strategy === 'FROM_FAILURE' && parent.status === 'FAILURE';
  const stepOutcomes = stepOutcomesFromEvents(needsOutcomes ? await readStepEvents(ctx, runId) : []);
  const planned = planReexecution({ parent, strategy, stepOutcomes, jobSteps });
  const { run } = await enqueueRun(ctx, { ...planned, snapshotId: snapshot.snapshotId }, undefined, `re-execution (${strategy}) of run ${runId} submitted`);
  return run;
}

async function readStepEvents(ctx: RunsContext, runId: string): Promise<EventRecord[]> {
  const events: EventRecord[] = [];
  for (;;) {
    const page = await ctx.events.readRunEvents(runId, { after: events.at(-1)?.id ?? null, types: STEP_EVENT_TYPES, limit: EVENT_PAGE });
    events.push(...page);
    if (page.length < EVENT_PAGE) return events;
  }
}
