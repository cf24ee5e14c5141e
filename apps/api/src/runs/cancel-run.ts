import { OrreryError, subjects } from '@orrery/contracts';
import { RunNotFoundError, type RunRecord, type RunStatus } from '@orrery/core';
import { RunNotCancelableError } from './request-errors.js';
import type { RunsContext } from './runs-context.js';

/** Attempts when the run changes status between our read and our conditional update. */
const MAX_ATTEMPTS = 3;

/**
 * `POST /runs/:id/cancel`: a run not yet launched (QUEUED, NOT_STARTED) becomes CANCELED at
 * once; a launching or running one (STARTING, STARTED) becomes CANCELING and its executor is
 * told over NATS; a CANCELING one is told again (the first message may have been lost). A
 * finished or externally managed run is a {@link RunNotCancelableError}. Every change goes
 * through the transition table with its event.
 */
export async function cancelRun(ctx: RunsContext, runId: string): Promise<RunRecord> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const run = await ctx.runs.getRun(runId);
    if (run === null) throw new RunNotFoundError(runId);
    const status: RunStatus = run.status;
    switch (status) {
      case 'QUEUED':
      case 'NOT_STARTED': {
        const result = await ctx.runs.transitionStatus({ runId, from: status, to: 'CANCELED', event: { message: 'canceled before launch' } });
        if (result.applied) return result.run!;
        continue;
      }
      case 'STARTING':
      case 'STARTED': {
        const result = await ctx.runs.transitionStatus({ runId, from: status, to: 'CANCELING', event: { message: 'cancel requested' } });
        if (!result.applied) continue;
        publishCancel(ctx, runId);
        return result.run!;
      }
      case 'CANCELING':
        publishCancel(ctx, runId);
        return run;
      case 'SUCCESS':
      case 'FAILURE':
      case 'CANCELED':
      case 'MANAGED':
        throw new RunNotCancelableError(runId, status);
      default: {
        const never: never = status;
        throw new Error(`unknown run status ${String(never)}`);
      }
    }
  }
  throw new OrreryError('CONFLICT', { message: `run ${runId} kept changing status while being canceled; try again` });
}

/**
 * Tells the run's executor to stop. CANCELING is already stored, and the run-launcher
 * forces CANCELED after the cancel timeout, so a failed publish is logged, not fatal.
 */
function publishCancel(ctx: RunsContext, runId: string): void {
  try {
    ctx.bus.publish(subjects.runCancel(runId), { runId, requestedAt: ctx.clock().toISOString() });
  } catch (error) {
    ctx.logger.warn({ err: error, runId }, 'could not publish the cancel request; the run-launcher will force CANCELED after the cancel timeout');
  }
}
