import type { RunRecord } from '@orrery/core';

/** What a launcher needs of a run; a stored RunRecord fits as it is. */
export type LaunchableRun = Pick<RunRecord, 'runId' | 'jobName' | 'locationName' | 'tags'>;

/**
 * Starts one attempt of a STARTING run somewhere an executor will claim it (Dagster's
 * RunLauncher port). The run is already STARTING at `attempt` when this is called.
 *
 * Implementations must be idempotent per `(runId, attempt)`: the coordinator repeats a
 * launch whose executor has not claimed the run after a delay (the launch may have been
 * lost), and replicas may repeat each other's launches.
 *
 * Throw {@link LaunchRefusedError} when the run can never be launched this way (no code
 * location, an invalid Job): the run then fails at once. Any other error counts as
 * transient: the run stays STARTING and is launched again later.
 */
export interface RunLauncher {
  /** Resolves once the launch is handed over (published, spawned, created). */
  launch(run: LaunchableRun, attempt: number): Promise<void>;
  /** Releases what the launcher holds (child processes, clients). Optional. */
  stop?(): Promise<void>;
}

/** Thrown by a {@link RunLauncher} for a run it can never launch; the run fails at once. */
export class LaunchRefusedError extends Error {
  override readonly name = 'LaunchRefusedError';

  constructor(
    readonly runId: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`run ${runId} cannot be launched: ${reason}`, options);
  }
}
