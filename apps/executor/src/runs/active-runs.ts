import type { RunAttemptRef } from '@orrery/db';

/** Why an attempt was stopped before it finished by itself. */
export type AbortCause =
  /** The run was canceled (a cancel message, or the heartbeat found it CANCELING). */
  | 'cancel'
  /** It ran longer than its `orrery/max_runtime`. */
  | 'max_runtime'
  /** Run monitoring moved the run to another attempt: this one is stale and may not write its end. */
  | 'stale'
  /** The executor is shutting down. */
  | 'shutdown';

/** An attempt this executor is running. */
export interface ActiveRun extends RunAttemptRef {
  readonly controller: AbortController;
  /** Set by the first {@link ActiveRuns.abort} of this attempt. */
  cause: AbortCause | undefined;
  /** Resolves when the attempt has finished (its end written or given up). */
  finished: Promise<void>;
}

/** The attempts this executor runs now, by run id. */
export class ActiveRuns {
  private readonly runs = new Map<string, ActiveRun>();

  add(run: ActiveRun): void {
    this.runs.set(run.runId, run);
  }

  remove(runId: string): void {
    this.runs.delete(runId);
  }

  get(runId: string): ActiveRun | undefined {
    return this.runs.get(runId);
  }

  get size(): number {
    return this.runs.size;
  }

  /** The attempts, for one heartbeat statement. */
  refs(): RunAttemptRef[] {
    return [...this.runs.values()].map(({ runId, attempt }) => ({ runId, attempt }));
  }

  all(): ActiveRun[] {
    return [...this.runs.values()];
  }

  /** Stops an attempt; the first cause wins (a cancel stays a cancel if shutdown follows). */
  abort(runId: string, cause: AbortCause): boolean {
    const run = this.runs.get(runId);
    if (!run || run.controller.signal.aborted) return false;
    run.cause = cause;
    run.controller.abort(new Error(`run ${runId}: ${cause}`));
    return true;
  }
}
