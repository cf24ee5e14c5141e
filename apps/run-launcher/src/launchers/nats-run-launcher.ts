import { InvalidPayloadError, type Bus } from '@orrery/bus';
import type { Clock } from '../clock.js';
import { LaunchRefusedError, type LaunchableRun, type RunLauncher } from './run-launcher.js';

/**
 * The default launcher: publishes the launch to the JetStream work queue
 * `orrery.launch.<location>` (msgID `runId:attempt`), where one long-running executor of the
 * run's code location takes it and claims the attempt. Repeating a launch within the
 * stream's duplicate window (2 min) stores nothing new; after it, a second message is
 * harmless because the executor's claim is fenced on the attempt.
 */
export class NatsRunLauncher implements RunLauncher {
  constructor(
    private readonly bus: Pick<Bus, 'publishLaunch'>,
    private readonly clock: Clock,
  ) {}

  async launch(run: LaunchableRun, attempt: number): Promise<void> {
    if (run.locationName === null || run.locationName === '') {
      throw new LaunchRefusedError(run.runId, 'it names no code location, and launches go to the executors of a location');
    }
    try {
      await this.bus.publishLaunch({
        runId: run.runId,
        attempt,
        location: run.locationName,
        jobName: run.jobName,
        launchedAt: this.clock.now().toISOString(),
      });
    } catch (error) {
      // A payload the catalog refuses (a location name that is not a subject token) will
      // be refused every time; a publish error (NATS down, no ack) may pass next time.
      if (error instanceof InvalidPayloadError) throw new LaunchRefusedError(run.runId, error.message, { cause: error });
      throw error;
    }
  }
}
