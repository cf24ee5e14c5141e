import { selectRunsToLaunch, type RunQueueLimits, type RunRecord } from '@orrery/core';
import {
  readInFlightRuns, readQueuedRuns, withRunQueueLock,
  type InFlightRunRow, type PrismaClient, type PrismaRunStore, type TransactionClient,
} from '@orrery/db';
import type { Logger } from '@orrery/platform';
import type { Clock } from '../clock.js';
import type { LaunchDispatcher } from '../launch/launch-dispatcher.js';
import type { LaunchTracker } from '../launch/launch-tracker.js';
import { CoalescingPassRunner } from './coalescing-pass-runner.js';

/** Options of {@link QueuedRunCoordinator}. */
export interface QueuedRunCoordinatorOptions {
  prisma: PrismaClient;
  runStore: Pick<PrismaRunStore, 'transitionStatus'>;
  dispatcher: LaunchDispatcher;
  /** Shared with the dispatcher: when each STARTING attempt was last launched. */
  tracker: LaunchTracker;
  /** `run_coordinator.max_concurrent_runs` and `tag_concurrency_limits`. */
  limits: RunQueueLimits;
  /** Poll interval when no wake-up arrives (`run_coordinator.dequeue_interval_ms`), in ms. */
  dequeueIntervalMs: number;
  clock: Clock;
  logger: Logger;
  /**
   * Most runs moved QUEUED → STARTING in one pass (one transaction); more start another
   * pass at once. Keeps a pass's transaction short however long the queue. Default 100.
   */
  maxLaunchesPerPass?: number;
}

/** What one pass did. */
export interface QueuePassResult {
  /** Runs this pass moved QUEUED → STARTING and launched, in launch order. */
  launched: string[];
  /** STARTING runs whose launch this pass repeated. */
  relaunched: string[];
  /** Queued runs left waiting for capacity; null when the instance was full and the queue not read. */
  waiting: number | null;
  /** More runs could launch now than one pass takes (`maxLaunchesPerPass`): another pass follows. */
  hasMore: boolean;
}

/**
 * The queued run coordinator (Dagster's QueuedRunCoordinatorDaemon). A pass, under the
 * instance-wide run queue lock: read the in-flight runs, and the queue if any capacity is
 * left; choose runs with `selectRunsToLaunch` (priority, FIFO, limits); move each chosen run
 * QUEUED → STARTING (fenced, attempt + 1) in that transaction. After commit it launches
 * them — an executor must find the run STARTING — and repeats launches of STARTING runs
 * nobody claimed within the relaunch delay.
 *
 * Passes run on a wake-up ({@link wake}, from `orrery.run.queued`) and every
 * `dequeueIntervalMs` regardless, so a lost message costs latency, never a run. Wake-ups
 * coalesce and passes never overlap within the process; the lock serializes replicas.
 */
export class QueuedRunCoordinator {
  readonly #runner: CoalescingPassRunner;
  readonly #maxLaunchesPerPass: number;
  #poll: NodeJS.Timeout | undefined;

  constructor(private readonly options: QueuedRunCoordinatorOptions) {
    this.#maxLaunchesPerPass = options.maxLaunchesPerPass ?? 100;
    this.#runner = new CoalescingPassRunner(
      () => this.#passAndFollowUp(),
      (error) => options.logger.error({ err: error }, 'run queue pass failed; the next wake-up or poll retries'),
    );
  }

  /** Starts polling and runs a first pass. */
  start(): void {
    this.#poll ??= setInterval(() => this.#runner.request(), this.options.dequeueIntervalMs);
    this.#runner.request();
  }

  /** Asks for a pass (coalesced with any other request). */
  wake(): void {
    this.#runner.request();
  }

  /** Resolves when no pass runs or is pending. */
  idle(): Promise<void> {
    return this.#runner.idle();
  }

  /** Stops polling and wake-ups and waits for the pass in progress. */
  async stop(): Promise<void> {
    clearInterval(this.#poll);
    this.#poll = undefined;
    await this.#runner.stop();
  }

  /** One pass, as a wake-up runs it. Exposed for tests; the service uses {@link wake}. */
  async runPass(): Promise<QueuePassResult> {
    const { clock, tracker, dispatcher, logger } = this.options;
    const dequeued = await withRunQueueLock(this.options.prisma, (tx) => this.#dequeue(tx));

    // Decided before this pass's own launches are recorded: those are not in the in-flight read.
    const relaunch = tracker.due(startingRuns(dequeued.inFlight), clock.now(), dequeued.readAt);
    await Promise.all([
      ...dequeued.started.map((run) => dispatcher.launch(run, run.attempt)),
      ...relaunch.map((run) => dispatcher.launch(run, run.attempt)),
    ]);
    if (relaunch.length > 0) logger.info({ runIds: relaunch.map((run) => run.runId) }, 'repeated launches that no executor claimed');
    return {
      launched: dequeued.started.map((run) => run.runId),
      relaunched: relaunch.map((run) => run.runId),
      waiting: dequeued.waiting,
      hasMore: dequeued.hasMore,
    };
  }

  /** The part of a pass under the run queue lock: read, choose, and move the chosen runs to STARTING. */
  async #dequeue(tx: TransactionClient): Promise<DequeueResult> {
    const { runStore, limits, clock, logger } = this.options;
    const readAt = clock.now();
    const inFlight = await readInFlightRuns(tx);
    // A full instance skips reading the queue: the usual state during a large backfill.
    if (limits.maxConcurrentRuns !== -1 && inFlight.length >= limits.maxConcurrentRuns) {
      return { started: [], inFlight, readAt, waiting: null, hasMore: false };
    }
    const queued = await readQueuedRuns(tx);
    const selection = selectRunsToLaunch({ queued, inFlight, limits });
    for (const problem of selection.problems) logger.warn({ problem }, 'malformed run priority tag; queued at priority 0');
    const chosen = selection.launch.slice(0, this.#maxLaunchesPerPass);
    const started: RunRecord[] = [];
    for (const run of chosen) {
      const result = await runStore.transitionStatus(
        { runId: run.runId, from: 'QUEUED', to: 'STARTING', incrementAttempt: true, event: { message: 'Dequeued; launching the run.' } },
        tx,
      );
      // Not applied: the run was canceled since the read.
      if (result.applied && result.run) started.push(result.run);
    }
    const hasMore = selection.launch.length > chosen.length;
    return { started, inFlight, readAt, waiting: selection.skipped.length + selection.launch.length - chosen.length, hasMore };
  }

  async #passAndFollowUp(): Promise<void> {
    const result = await this.runPass();
    if (result.launched.length > 0) this.options.logger.debug({ launched: result.launched, waiting: result.waiting }, 'dequeued runs');
    if (result.hasMore) this.#runner.request();
  }
}

interface DequeueResult {
  started: RunRecord[];
  inFlight: InFlightRunRow[];
  /** When the in-flight runs were read (this process's clock). */
  readAt: Date;
  waiting: number | null;
  hasMore: boolean;
}

function startingRuns(inFlight: readonly InFlightRunRow[]): InFlightRunRow[] {
  return inFlight.filter((run) => run.status === 'STARTING');
}
