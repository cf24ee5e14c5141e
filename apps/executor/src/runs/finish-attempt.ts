import { isRunFailureReason, type RunFailureReason, type RunStatus, type TransitionResult } from '@orrery/core';
import { PrismaRunStore, releaseRunSlots, withTransaction, type PrismaClient } from '@orrery/db';
import type { AbortCause } from './active-runs.js';
import type { TerminalEvent } from './attempt-event-sink.js';

/** The status change that ends an attempt, derived from the engine's terminal event. */
export interface AttemptEnd {
  to: Extract<RunStatus, 'SUCCESS' | 'FAILURE' | 'CANCELED'>;
  from: RunStatus[];
  event: TerminalEvent;
  failureReason?: RunFailureReason;
}

/**
 * What the attempt's end means for the run, or undefined when this attempt may not write it
 * (stale: monitoring moved the run on; shutdown: monitoring resumes or fails it). A run the
 * engine canceled because it exceeded `orrery/max_runtime` FAILS, as in Dagster.
 */
export function attemptEnd(event: TerminalEvent, cause: AbortCause | undefined, maxRuntimeMs: number | undefined): AttemptEnd | undefined {
  if (cause === 'stale' || cause === 'shutdown') return undefined;
  if (cause === 'max_runtime') {
    const message = `run exceeded its maximum runtime of ${(maxRuntimeMs ?? 0) / 1000} s and was stopped`;
    return { to: 'FAILURE', from: ['STARTED', 'CANCELING'], failureReason: 'RUN_EXCEPTION', event: { ...event, type: 'RUN_FAILURE', level: 'ERROR', message, data: { reason: 'RUN_EXCEPTION' } } };
  }
  switch (event.type) {
    case 'RUN_SUCCESS':
      return { to: 'SUCCESS', from: ['STARTED', 'CANCELING'], event };
    case 'RUN_FAILURE': {
      const reason = event.data?.['reason'];
      return { to: 'FAILURE', from: ['STARTED', 'CANCELING'], event, failureReason: isRunFailureReason(reason) ? reason : 'RUN_EXCEPTION' };
    }
    case 'RUN_CANCELED':
      return { to: 'CANCELED', from: ['CANCELING'], event };
    default: {
      const unexpected: never = event.type;
      throw new Error(`not a terminal event: ${String(unexpected)}`);
    }
  }
}

/**
 * Writes the attempt's end — fenced on the attempt, so a stale executor cannot finish a newer
 * attempt — and, with `releaseSlots`, frees the run's concurrency slots in the same transaction.
 */
export async function writeAttemptEnd(prisma: PrismaClient, runId: string, attempt: number, end: AttemptEnd, releaseSlots = true): Promise<TransitionResult> {
  const runs = new PrismaRunStore(prisma);
  const { type: _type, runId: _runId, ...details } = end.event;
  const transition = { runId, from: end.from, to: end.to, attempt, event: details, ...(end.failureReason ? { failureReason: end.failureReason } : {}) };
  // A location without pools holds no slots: its end is the transition alone (no transaction).
  if (!releaseSlots) return await runs.transitionStatus(transition);
  return await withTransaction(prisma, undefined, async (tx) => {
    const result = await runs.transitionStatus(transition, tx);
    if (result.applied) await releaseRunSlots(tx, runId);
    return result;
  });
}
