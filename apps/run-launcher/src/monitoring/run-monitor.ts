import {
  decideRunMonitoring, type FailRunAction, type MarkCanceledAction, type ResumeRunAction, type RunMonitoringAction,
  type RunMonitoringPolicy,
} from '@orrery/core';
import { readMonitoredRuns, releaseRunSlots, withTransaction, type PrismaClient, type PrismaRunStore } from '@orrery/db';
import { runDaemonLoop, type Logger } from '@orrery/platform';
import type { Clock } from '../clock.js';
import type { LaunchDispatcher } from '../launch/launch-dispatcher.js';

/** Options of {@link RunMonitor}. */
export interface RunMonitorOptions {
  prisma: PrismaClient;
  runStore: Pick<PrismaRunStore, 'transitionStatus'>;
  dispatcher: LaunchDispatcher;
  /** The parsed `run_monitoring` section. */
  policy: RunMonitoringPolicy;
  /** Wait between passes (`run_monitoring.poll_interval_seconds`), in ms. */
  pollIntervalMs: number;
  clock: Clock;
  logger: Logger;
}

/** What one monitoring pass did. */
export interface MonitorPassResult {
  /** Actions whose fenced status change applied. */
  applied: RunMonitoringAction[];
  /** Actions that found the run changed meanwhile (claimed, finished, handled by another replica). */
  outdated: RunMonitoringAction[];
  /** Actions that threw (Postgres down); the next pass decides again. */
  failed: RunMonitoringAction[];
}

/**
 * Run monitoring (Dagster's `execute_run_monitoring_iteration`): every poll interval, read
 * the STARTING, STARTED and CANCELING runs with their executors' heartbeats, decide with
 * `decideRunMonitoring`, and apply each action with a status change fenced on the attempt
 * the decision saw — so replicas, and an executor that comes back, never conflict:
 * - fail (START_TIMEOUT, UNEXPECTED_TERMINATION) and markCanceled free the run's
 *   concurrency-pool slots in the same transaction, as its executor is gone;
 * - resume moves STARTED → STARTING on a new attempt and launches it.
 */
export class RunMonitor {
  readonly #abort = new AbortController();
  #loop: Promise<void> | undefined;

  constructor(private readonly options: RunMonitorOptions) {}

  /** Starts the loop (first pass at once). */
  start(): void {
    const { logger, pollIntervalMs } = this.options;
    this.#loop ??= runDaemonLoop({ name: 'run monitoring', intervalMs: pollIntervalMs, signal: this.#abort.signal, logger }, async () => {
      await this.runPass();
    });
  }

  /** Ends the loop after the pass in progress. */
  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#loop;
  }

  /** One monitoring pass. Exposed for tests; throws only when the runs cannot be read. */
  async runPass(): Promise<MonitorPassResult> {
    const { prisma, policy, clock, logger } = this.options;
    const runs = await readMonitoredRuns(prisma);
    const decisions = decideRunMonitoring({ now: clock.now(), runs, policy });
    for (const error of decisions.errors) logger.warn({ err: error }, 'run monitoring skipped a run with invalid data');
    const result: MonitorPassResult = { applied: [], outdated: [], failed: [] };
    for (const action of decisions.actions) {
      try {
        const applied = await this.#apply(action);
        (applied ? result.applied : result.outdated).push(action);
        if (applied) logger.warn({ runId: action.runId, attempt: action.attempt, action: action.action }, action.message);
      } catch (error) {
        result.failed.push(action);
        logger.error({ err: error, runId: action.runId, action: action.action }, 'run monitoring could not apply an action');
      }
    }
    return result;
  }

  #apply(action: RunMonitoringAction): Promise<boolean> {
    switch (action.action) {
      case 'fail':
      case 'markCanceled':
        return this.#end(action);
      case 'resume':
        return this.#resume(action);
      default: {
        const exhausted: never = action;
        throw new Error(`unknown monitoring action ${JSON.stringify(exhausted)}`);
      }
    }
  }

  /** FAILURE or CANCELED, with the run's slots freed in the same transaction. */
  async #end(action: FailRunAction | MarkCanceledAction): Promise<boolean> {
    const { prisma, runStore } = this.options;
    return await withTransaction(prisma, undefined, async (tx) => {
      const result = await runStore.transitionStatus(
        {
          runId: action.runId,
          from: action.from,
          to: action.to,
          attempt: action.attempt,
          ...(action.action === 'fail' && { failureReason: action.reason }),
          event: { level: action.action === 'fail' ? 'ERROR' : 'WARNING', message: action.message },
        },
        tx,
      );
      if (result.applied) await releaseRunSlots(tx, action.runId);
      return result.applied;
    });
  }

  async #resume(action: ResumeRunAction): Promise<boolean> {
    const result = await this.options.runStore.transitionStatus({
      runId: action.runId,
      from: action.from,
      to: action.to,
      attempt: action.attempt,
      incrementAttempt: true,
      event: { level: 'WARNING', message: action.message },
    });
    if (!result.applied || !result.run) return false;
    // A failed launch leaves it STARTING at the new attempt: the coordinator repeats it.
    await this.options.dispatcher.launch(result.run, result.run.attempt);
    return true;
  }
}
