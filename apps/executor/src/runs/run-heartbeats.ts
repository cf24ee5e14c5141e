import { beatRuns, type PrismaClient } from '@orrery/db';
import type { Logger } from '@orrery/platform';
import { sleep } from '@orrery/platform';
import type { ActiveRuns } from './active-runs.js';

/** Options of {@link runHeartbeatLoop}. */
export interface RunHeartbeatOptions {
  prisma: PrismaClient;
  active: ActiveRuns;
  intervalMs: number;
  logger: Logger;
  signal: AbortSignal;
}

/**
 * Every `intervalMs`, one statement refreshes `heartbeat_time` of every attempt this
 * executor runs (run monitoring fails or resumes runs whose heartbeat stops). The answer
 * doubles as a safety net: a run found CANCELING is canceled here even if its cancel message
 * was lost, and an attempt no longer current (monitoring moved the run on) is stopped.
 * A failed beat (Postgres down) is logged and retried next time.
 */
export async function runHeartbeatLoop(options: RunHeartbeatOptions): Promise<void> {
  const { prisma, active, intervalMs, logger, signal } = options;
  while (!signal.aborted) {
    await sleep(intervalMs, signal);
    if (signal.aborted) return;
    const refs = active.refs();
    if (refs.length === 0) continue;
    try {
      const states = new Map((await beatRuns(prisma, refs)).map((state) => [state.runId, state]));
      for (const ref of refs) {
        const state = states.get(ref.runId);
        if (state === undefined) {
          if (active.abort(ref.runId, 'stale')) logger.warn({ runId: ref.runId, attempt: ref.attempt }, 'attempt is no longer current; stopping it');
        } else if (state.status === 'CANCELING') {
          if (active.abort(ref.runId, 'cancel')) logger.info({ runId: ref.runId }, 'run is CANCELING; canceling it');
        }
      }
    } catch (error) {
      logger.warn({ err: error, runs: refs.length }, 'run heartbeat failed; retrying at the next interval');
    }
  }
}
