import type { PrismaRunStore } from '@orrery/db';
import type { Logger } from '@orrery/platform';
import type { Clock } from '../clock.js';
import { LaunchRefusedError, type LaunchableRun, type RunLauncher } from '../launchers/run-launcher.js';
import type { LaunchTracker } from './launch-tracker.js';

/** What became of one launch try. */
export type LaunchOutcome =
  /** Handed to the launcher. */
  | 'launched'
  /** A transient failure: the run stays STARTING and is launched again after the relaunch delay. */
  | 'failed'
  /** The launcher can never launch it: the run was failed (if it was still STARTING at this attempt). */
  | 'refused';

/** Options of {@link LaunchDispatcher}. */
export interface LaunchDispatcherOptions {
  launcher: RunLauncher;
  runStore: Pick<PrismaRunStore, 'transitionStatus'>;
  tracker: LaunchTracker;
  clock: Clock;
  logger: Logger;
}

/**
 * Hands STARTING runs to the RunLauncher and deals with the outcome, for the queue
 * coordinator and run monitoring alike. Never throws: a failed launch leaves the run
 * STARTING (a lost run is worse than a late one), recorded in the tracker so it is tried
 * again after the relaunch delay; a refused launch fails the run, fenced on the attempt.
 */
export class LaunchDispatcher {
  constructor(private readonly options: LaunchDispatcherOptions) {}

  async launch(run: LaunchableRun, attempt: number): Promise<LaunchOutcome> {
    const { launcher, tracker, clock, logger } = this.options;
    tracker.record(run.runId, attempt, clock.now());
    try {
      await launcher.launch(run, attempt);
      return 'launched';
    } catch (error) {
      if (error instanceof LaunchRefusedError) {
        await this.#fail(run.runId, attempt, error);
        return 'refused';
      }
      logger.warn({ err: error, runId: run.runId, attempt }, 'launch failed; the run stays STARTING and is launched again later');
      return 'failed';
    }
  }

  async #fail(runId: string, attempt: number, error: LaunchRefusedError): Promise<void> {
    const { runStore, logger } = this.options;
    logger.error({ err: error, runId, attempt }, 'launch refused; failing the run');
    try {
      await runStore.transitionStatus({
        runId,
        from: 'STARTING',
        to: 'FAILURE',
        attempt,
        failureReason: 'JOB_INITIALIZATION_FAILURE',
        event: { level: 'ERROR', message: error.message },
      });
    } catch (failError) {
      // Still STARTING: the next relaunch is refused again, or monitoring's start timeout ends it.
      logger.error({ err: failError, runId, attempt }, 'could not fail a run whose launch was refused');
    }
  }
}
