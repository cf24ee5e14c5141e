import { randomUUID } from 'node:crypto';
import {
  COORDINATION_RUN_TAGS, decideRunRetry, planReexecution, reexecutionStepsOf, ReexecutionNotAllowedError, stepOutcomesFromEvents,
  type JsonObject, type NewRun, type RunRecord, type RunRetryDecision,
} from '@orrery/core';
import type { RunRetriesConfig } from '@orrery/contracts';
import {
  addRunTagIfAbsent, readKvsCursor, readLatestRunFailureId, readRunFailuresAfter, readRunsByIds, readStepEvents,
  withTransaction, writeKvsCursor, type PrismaClient, type PrismaCodeLocationStore, type PrismaRunStore, type RunFailureEvent,
} from '@orrery/db';
import { runDaemonLoop, type Logger } from '@orrery/platform';
import type { Clock } from '../clock.js';

/** `kvs` key of the retry feed's cursor: the RUN_FAILURE events up to it are handled. */
export const RETRY_CURSOR_KEY = 'run_launcher:retry_cursor';

/** Options of {@link RunRetrier}. */
export interface RunRetrierOptions {
  prisma: PrismaClient;
  runStore: Pick<PrismaRunStore, 'createRun'>;
  /** Reads job snapshots, for FROM_FAILURE retries. */
  locations: Pick<PrismaCodeLocationStore, 'getSnapshot'>;
  /** The parsed `run_retries` section. */
  policy: RunRetriesConfig;
  /** Wait between passes, in ms. */
  intervalMs: number;
  clock: Clock;
  logger: Logger;
  /** Called after a retry run was created QUEUED (the service wakes the queue). */
  onRunQueued: (runId: string) => void;
  /**
   * How far behind the newest event the stored cursor stays, in ms. Default 30000. Event
   * ids are assigned at insert, not commit, so a RUN_FAILURE with a lower id can become
   * visible after one with a higher id; events younger than this are read again next pass
   * (harmless: a retried run carries `orrery/auto_retry_run_id`).
   */
  settleMs?: number;
  /** Most RUN_FAILURE events read per pass. Default 500. */
  batchSize?: number;
}

/** What one retry pass did. */
export interface RetryPassResult {
  /** Retry runs created: parent run id → child run id. */
  created: Map<string, string>;
  /** Failed runs looked at (retried or not). */
  examined: number;
}

/**
 * Run retries (Dagster's auto run re-execution): reads RUN_FAILURE events after a cursor
 * kept in `kvs`, decides each failed run with `decideRunRetry`, and creates the retry run
 * QUEUED with its parent and root ids — FROM_FAILURE through `planReexecution` over the
 * parent's step events and its job's snapshot steps, ALL_STEPS as the parent's selection.
 * The child is created in the transaction that tags the parent `orrery/auto_retry_run_id`
 * (a tag only one writer can add), so replicas and repeated passes create one child each.
 * With no cursor stored, the feed starts at the newest failure: enabling retries never
 * retries old history.
 */
export class RunRetrier {
  readonly #abort = new AbortController();
  readonly #settleMs: number;
  readonly #batchSize: number;
  #loop: Promise<void> | undefined;

  constructor(private readonly options: RunRetrierOptions) {
    this.#settleMs = options.settleMs ?? 30_000;
    this.#batchSize = options.batchSize ?? 500;
  }

  /** Starts the loop (first pass at once). */
  start(): void {
    const { logger, intervalMs } = this.options;
    this.#loop ??= runDaemonLoop({ name: 'run retries', intervalMs, signal: this.#abort.signal, logger }, async () => {
      await this.runPass();
    });
  }

  /** Ends the loop after the pass in progress. */
  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#loop;
  }

  /** One pass. Exposed for tests; throws only when the feed cannot be read. */
  async runPass(): Promise<RetryPassResult> {
    const { prisma, clock } = this.options;
    const result: RetryPassResult = { created: new Map(), examined: 0 };
    const cursor = await readKvsCursor(prisma, RETRY_CURSOR_KEY);
    if (cursor === null) {
      await writeKvsCursor(prisma, RETRY_CURSOR_KEY, await readLatestRunFailureId(prisma));
      return result;
    }
    const events = await readRunFailuresAfter(prisma, cursor, this.#batchSize);
    if (events.length === 0) return result;
    const runs = new Map((await readRunsByIds(prisma, events.map((event) => event.runId))).map((run) => [run.runId, run]));

    const handled = new Set<bigint>();
    for (const event of events) {
      const run = runs.get(event.runId);
      try {
        if (run) {
          result.examined++;
          const childId = await this.#retry(run);
          if (childId) result.created.set(run.runId, childId);
        }
        handled.add(event.id);
      } catch (error) {
        this.options.logger.error({ err: error, runId: event.runId }, 'could not retry a failed run; trying again next pass');
      }
    }
    const next = settledCursor(events, handled, cursor, clock.now().getTime() - this.#settleMs);
    if (next > cursor) await writeKvsCursor(prisma, RETRY_CURSOR_KEY, next);
    return result;
  }

  /** Creates the run's retry if the policy says so; returns its id, or undefined. */
  async #retry(parent: RunRecord): Promise<string | undefined> {
    const { policy, logger } = this.options;
    const decision = decideRunRetry({ run: parent, tags: parent.tags, instanceDefault: policy });
    if (!decision.retry) {
      logger.debug({ runId: parent.runId, reason: decision.reason }, decision.message);
      return undefined;
    }
    for (const problem of decision.problems) logger.warn({ runId: parent.runId }, problem);
    const childId = randomUUID();
    const child = { ...(await this.#plan(parent, decision)), runId: childId, backfillId: parent.backfillId };
    const created = await withTransaction(this.options.prisma, undefined, async (tx) => {
      if (!(await addRunTagIfAbsent(tx, parent.runId, COORDINATION_RUN_TAGS.autoRetryRunId, childId))) return false;
      const message = `Retry ${decision.retryNumber} of ${decision.maxRetries} of run ${parent.runId} (${decision.strategy}).`;
      await this.options.runStore.createRun(child, { type: 'RUN_ENQUEUED', message }, tx);
      return true;
    });
    if (!created) return undefined;
    logger.info({ runId: parent.runId, retryRunId: childId, retryNumber: decision.retryNumber, strategy: decision.strategy }, 'created a retry run');
    this.options.onRunQueued(childId);
    return childId;
  }

  /** The child run as `planReexecution` builds it; FROM_FAILURE falls back to ALL_STEPS when steps are unknown. */
  async #plan(parent: RunRecord, decision: Extract<RunRetryDecision, { retry: true }>): Promise<NewRun> {
    const base = { parent, extraTags: decision.tags };
    const allSteps = () => planReexecution({ ...base, strategy: 'ALL_STEPS', stepOutcomes: new Map(), jobSteps: [] });
    if (decision.strategy === 'ALL_STEPS') return allSteps();
    const snapshot = parent.snapshotId === null ? null : await this.options.locations.getSnapshot(parent.snapshotId);
    const jobSteps = snapshot ? reexecutionStepsOf(snapshot as JsonObject, parent) : undefined;
    if (!jobSteps) {
      this.options.logger.warn({ runId: parent.runId, snapshotId: parent.snapshotId }, 'the job\'s steps are unknown (no snapshot); retrying ALL_STEPS');
      return allSteps();
    }
    const stepOutcomes = stepOutcomesFromEvents(await readStepEvents(this.options.prisma, parent.runId));
    try {
      return planReexecution({ ...base, strategy: 'FROM_FAILURE', stepOutcomes, jobSteps });
    } catch (error) {
      // Every step succeeded and the run failed anyway (e.g. after its last step): run it all again.
      if (error instanceof ReexecutionNotAllowedError && error.refusal === 'NOTHING_TO_REEXECUTE') return allSteps();
      throw error;
    }
  }
}

/**
 * The new cursor: the highest id of the leading events that were handled and are older than
 * `settledBefore` (ms). It never passes an unhandled or unsettled event, so those are read again.
 */
export function settledCursor(events: readonly RunFailureEvent[], handled: ReadonlySet<bigint>, cursor: bigint, settledBefore: number): bigint {
  let next = cursor;
  for (const event of events) {
    if (!handled.has(event.id) || event.timestamp.getTime() > settledBefore) break;
    next = event.id;
  }
  return next;
}
