import { subjects } from '@orrery/contracts';
import type { NewRun, RunRecord } from '@orrery/core';
import { RUN_KEY_TAG } from './run-tags.js';
import type { RunsContext } from './runs-context.js';

/** Outcome of {@link enqueueRun}: the run, and whether this call created it. */
export interface EnqueuedRun {
  readonly run: RunRecord;
  /** False when a run of the same job with the same run key already existed. */
  readonly created: boolean;
}

/**
 * Inserts a QUEUED run with its RUN_ENQUEUED event, then wakes the run-launcher. With a
 * `runKey`, an existing run of the same job carrying that key is returned instead and
 * nothing is written: a transaction-scoped advisory lock on (job, run key) serializes
 * concurrent submissions of one key, so exactly one of them inserts.
 */
export async function enqueueRun(ctx: RunsContext, run: NewRun, runKey: string | undefined, message: string): Promise<EnqueuedRun> {
  // Without a run key there is nothing to deduplicate: one statement inserts the run, its
  // tags and RUN_ENQUEUED, with no interactive transaction holding a connection.
  const result = runKey === undefined
    ? { run: await ctx.runs.createRun(run, { type: 'RUN_ENQUEUED', message }), created: true }
    : await enqueueOncePerRunKey(ctx, run, runKey, message);
  if (result.created) publishRunQueued(ctx, result.run.runId);
  return result;
}

async function enqueueOncePerRunKey(ctx: RunsContext, run: NewRun, runKey: string, message: string): Promise<EnqueuedRun> {
  return await ctx.prisma.$transaction(async (tx): Promise<EnqueuedRun> => {
    const lockKey = `${RUN_KEY_TAG}:${run.jobName}:${runKey}`;
    // A 64-bit hash: two different keys sharing a lock only wait for each other, never merge.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${lockKey}, 0))`;
    const existing = await tx.runTag.findFirst({
      where: { key: RUN_KEY_TAG, value: runKey, run: { jobName: run.jobName } },
      orderBy: { id: 'asc' },
      select: { runId: true },
    });
    const found = existing ? await ctx.runs.getRun(existing.runId, tx) : null;
    if (found) return { run: found, created: false };
    return { run: await ctx.runs.createRun(run, { type: 'RUN_ENQUEUED', message }, tx), created: true };
    // A burst of submissions may queue for the connection pool: wait for a connection rather
    // than refuse the run after Prisma's default 2 s.
  }, { maxWait: 10_000, timeout: 20_000 });
}

/**
 * Publishes the wake-up for the run-launcher. Postgres already holds the run and the
 * launcher also polls it, so a lost or failed publish only delays the launch: log, go on.
 */
function publishRunQueued(ctx: RunsContext, runId: string): void {
  try {
    ctx.bus.publish(subjects.runQueued(), { runId });
  } catch (error) {
    ctx.logger.warn({ err: error, runId }, 'could not publish run queued; the run-launcher will find the run by polling');
  }
}
