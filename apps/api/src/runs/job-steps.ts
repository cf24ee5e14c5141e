import { reexecutionStepsOf, type JsonObject, type ReexecutionJobStep, type RunRecord } from '@orrery/core';
import type { LoadedSnapshot } from './location-snapshots.js';
import { JobNotFoundError } from './request-errors.js';

/**
 * The steps of a run's job in `snapshot`, as re-execution needs them (core's
 * `reexecutionStepsOf`). Throws JobNotFoundError when the job is no longer in the snapshot.
 */
export function jobStepsOf(snapshot: LoadedSnapshot, run: RunRecord): ReexecutionJobStep[] {
  const steps = reexecutionStepsOf(snapshot.snapshot as unknown as JsonObject, run);
  if (steps === undefined) throw new JobNotFoundError(run.jobName, snapshot.location);
  return steps;
}
