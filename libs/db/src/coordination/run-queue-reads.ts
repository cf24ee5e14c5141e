import type { RunStatus, RunTags } from '@orrery/core';
import type { PrismaClient } from '../generated/prisma/client.js';
import { withTransaction, type DbClient, type TransactionClient, type TransactionOptions } from '../transaction.js';

/** A QUEUED run as the queued run coordinator orders it (core's QueuedRunCandidate). */
export interface QueuedRunRow {
  runId: string;
  /** Submission time: FIFO order within a priority. */
  createdAt: Date;
  tags: RunTags;
}

/** A run in STARTING, STARTED or CANCELING: it holds a slot of every limit it matches. */
export interface InFlightRunRow {
  runId: string;
  status: Extract<RunStatus, 'STARTING' | 'STARTED' | 'CANCELING'>;
  /** Current launch attempt. */
  attempt: number;
  jobName: string;
  locationName: string | null;
  /** When the run entered its current status (a STARTING run: when it was launched). */
  updatedAt: Date;
  tags: RunTags;
}

interface TaggedRow {
  tags: Record<string, string> | null;
}

// Tags are aggregated per run in the same statement (one round trip, served by the
// run_tags (run_id, key) unique index), instead of a second query per page of runs.
function withParsedTags<R extends TaggedRow>(rows: R[]): (Omit<R, 'tags'> & { tags: RunTags })[] {
  return rows.map((row) => ({ ...row, tags: row.tags ?? {} }));
}

/**
 * Every run in STARTING, STARTED or CANCELING with its tags: what counts against
 * `max_concurrent_runs` and the tag limits, and the STARTING runs a launch may be repeated
 * for. Served by the runs (status, update_time) index.
 */
export async function readInFlightRuns(db: DbClient): Promise<InFlightRunRow[]> {
  const rows = await db.$queryRaw<(Omit<InFlightRunRow, 'tags'> & TaggedRow)[]>`
    SELECT r.run_id::text AS "runId", r.status::text AS status, r.attempt, r.job_name AS "jobName",
           r.location_name AS "locationName", r.update_time AS "updatedAt",
           (SELECT jsonb_object_agg(t.key, t.value) FROM run_tags t WHERE t.run_id = r.run_id) AS tags
    FROM runs r
    WHERE r.status IN ('STARTING', 'STARTED', 'CANCELING')`;
  return withParsedTags(rows);
}

/**
 * Every QUEUED run with its creation time and tags, oldest first. All of them: the order
 * (priority tag first) and the tag limits can only be decided on the whole queue.
 */
export async function readQueuedRuns(db: DbClient): Promise<QueuedRunRow[]> {
  const rows = await db.$queryRaw<(Omit<QueuedRunRow, 'tags'> & TaggedRow)[]>`
    SELECT r.run_id::text AS "runId", r.create_time AS "createdAt",
           (SELECT jsonb_object_agg(t.key, t.value) FROM run_tags t WHERE t.run_id = r.run_id) AS tags
    FROM runs r
    WHERE r.status = 'QUEUED'
    ORDER BY r.id`;
  return withParsedTags(rows);
}

/** Default limits of the queue pass transaction: generous, a pass on a long queue reads it whole. */
const QUEUE_PASS_TRANSACTION: TransactionOptions = { maxWaitMs: 5_000, timeoutMs: 15_000 };

/**
 * Runs `fn` in a transaction holding the instance-wide run queue lock (a Postgres
 * transaction-level advisory lock), so queue passes of all run-launcher replicas are
 * serialized: each reads the in-flight runs after the previous pass committed its
 * QUEUED → STARTING changes, and `max_concurrent_runs` and tag limits hold across replicas.
 * The lock is released with the transaction, also when a replica dies mid-pass.
 */
export async function withRunQueueLock<T>(
  prisma: PrismaClient,
  fn: (tx: TransactionClient) => Promise<T>,
  options: TransactionOptions = QUEUE_PASS_TRANSACTION,
): Promise<T> {
  return await withTransaction(
    prisma,
    undefined,
    async (tx) => {
      await tx.$queryRaw`SELECT 1 FROM pg_advisory_xact_lock(hashtext('orrery:run_queue'))`;
      return await fn(tx);
    },
    options,
  );
}
