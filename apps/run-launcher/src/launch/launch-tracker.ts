/** A STARTING run as the relaunch check needs it. */
export interface StartingRun {
  readonly runId: string;
  readonly attempt: number;
  /** When it became STARTING (the database's clock). */
  readonly updatedAt: Date;
}

/**
 * Remembers when this replica last tried to launch each run attempt, and decides which
 * STARTING runs are due for another try: those whose executor has not claimed them
 * `delayMs` after the later of their launch and this replica's last try. A replica that
 * never tried (the run was launched by another replica, or before a restart) goes by the
 * launch time alone — so a launch lost by a crash between commit and publish is repeated.
 */
export class LaunchTracker {
  readonly #lastTry = new Map<string, number>();

  constructor(private readonly delayMs: number) {}

  /** Records a launch try of `runId` at `attempt`. */
  record(runId: string, attempt: number, at: Date): void {
    this.#lastTry.set(keyOf(runId, attempt), at.getTime());
  }

  /**
   * The runs of `starting` due for a repeated launch at `now`, in input order. Forgets the
   * tries of attempts not in `starting` that were recorded before `readAt` (when `starting`
   * was read): they were claimed, failed or superseded. Later tries are kept, their run may
   * simply have become STARTING after the read.
   */
  due<R extends StartingRun>(starting: readonly R[], now: Date, readAt: Date): R[] {
    const current = new Set(starting.map((run) => keyOf(run.runId, run.attempt)));
    for (const [key, at] of this.#lastTry) {
      if (!current.has(key) && at < readAt.getTime()) this.#lastTry.delete(key);
    }
    return starting.filter((run) => {
      const last = Math.max(run.updatedAt.getTime(), this.#lastTry.get(keyOf(run.runId, run.attempt)) ?? -Infinity);
      return now.getTime() - last >= this.delayMs;
    });
  }

  /** Attempts with a recorded try (for tests and logs). */
  get size(): number {
    return this.#lastTry.size;
  }
}

function keyOf(runId: string, attempt: number): string {
  return `${runId}:${attempt}`;
}
