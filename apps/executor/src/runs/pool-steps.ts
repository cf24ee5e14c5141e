import { runPriority } from '@orrery/core';
import type { StepRunner } from '@orrery/engine';
import type { PoolSlotWaiter } from '../pools/pool-slot-waiter.js';
import type { RunExecutionRequest } from './run-execution-request.js';

/**
 * Wraps step attempts so a step with a `pool` runs only while it holds one of the pool's
 * slots (Dagster's op concurrency). The wait honours the step's signal (a cancel leaves the
 * queue), and the slot is released however the attempt ends; a crashed executor's slots are
 * freed when its run is failed (releaseRunSlots) or by the finished-run sweep.
 */
export function poolSlotsAround(waiter: PoolSlotWaiter, request: RunExecutionRequest): (runStep: StepRunner) => StepRunner {
  const priority = runPriority(request.runId, request.tags).priority;
  return (runStep) => async (attempt) => {
    const pool = attempt.step.pool;
    if (pool === undefined) return await runStep(attempt);
    const slot = { pool, runId: request.runId, stepKey: attempt.step.key, priority };
    await waiter.acquire({ ...slot, signal: attempt.signal });
    try {
      return await runStep(attempt);
    } finally {
      await waiter.release(slot.runId, slot.stepKey);
    }
  };
}
