// Test doubles of the run-launcher's own ports (Clock, RunLauncher) and small run builders.
// Postgres and NATS are always real.
import { Writable } from 'node:stream';
import { PrismaRunStore, type PrismaClient } from '@orrery/db';
import { createLogger, type Logger } from '@orrery/platform';
import type { Clock } from '../src/clock.js';
import type { LaunchableRun, RunLauncher } from '../src/launchers/run-launcher.js';

/** A clock that moves only when told. */
export class FakeClock implements Clock {
  #ms: number;
  constructor(start = Date.now()) {
    this.#ms = start;
  }
  now(): Date {
    return new Date(this.#ms);
  }
  advance(ms: number): void {
    this.#ms += ms;
  }
}

/** A launcher that records every launch; `failNext` makes the next launches throw. */
export class RecordingLauncher implements RunLauncher {
  readonly launches: { runId: string; attempt: number }[] = [];
  failures = 0;
  #waiters: { count: number; resolve: () => void }[] = [];
  #fail: (run: LaunchableRun) => Error | undefined = () => undefined;

  /** Throws `error(run)` instead of launching while it returns an error. */
  failWith(error: (run: LaunchableRun) => Error | undefined): void {
    this.#fail = error;
  }

  async launch(run: LaunchableRun, attempt: number): Promise<void> {
    const error = this.#fail(run);
    if (error) {
      this.failures++;
      throw error;
    }
    this.launches.push({ runId: run.runId, attempt });
    for (const waiter of [...this.#waiters]) {
      if (this.launches.length >= waiter.count) {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }

  /** Resolves once `count` launches were recorded. */
  waitForLaunches(count: number): Promise<void> {
    if (this.launches.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ count, resolve }));
  }

  launchedIds(): string[] {
    return this.launches.map((launch) => launch.runId);
  }
}

/** A logger whose JSON lines are kept in `lines`. */
export function captureLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  return { logger: createLogger({ service: 'test', level: 'debug', destination }), lines };
}

/** Creates a QUEUED run (with its RUN_ENQUEUED event) and returns its id. */
export async function queueRun(prisma: PrismaClient, tags: Record<string, string> = {}, overrides: { locationName?: string | null; jobName?: string } = {}): Promise<string> {
  const run = await new PrismaRunStore(prisma).createRun(
    { jobName: overrides.jobName ?? 'job', locationName: overrides.locationName === undefined ? 'loc' : overrides.locationName, tags },
    { type: 'RUN_ENQUEUED' },
  );
  return run.runId;
}

/** Marks runs of a test as finished so they stop counting against limits (STARTING → STARTED → SUCCESS). */
export async function finishRun(prisma: PrismaClient, runId: string): Promise<void> {
  const runs = new PrismaRunStore(prisma);
  await runs.transitionStatus({ runId, from: 'STARTING', to: 'STARTED' });
  const result = await runs.transitionStatus({ runId, from: 'STARTED', to: 'SUCCESS' });
  if (!result.applied) throw new Error(`could not finish run ${runId}`);
}

/** Deletes every run (and with them tags and events), so a test starts from an empty queue. */
export async function clearRuns(prisma: PrismaClient): Promise<void> {
  await prisma.run.deleteMany({});
}
