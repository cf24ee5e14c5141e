import type { ComputeLogCapture } from '@orrery/engine';
import type { LocalLogFiles } from './local-log-files.js';
import { logKeyFor, type LogStream } from './log-key.js';
import type { S3LogStore } from './s3-log-store.js';
import { outsideStepContext, runWithStepOutput, type StepOutputSink } from './step-output-context.js';

/** Options of a {@link ComputeLogManager}. */
export interface ComputeLogManagerOptions {
  /** Where lines are written as they arrive (the logs themselves, or the staging of uploads). */
  files: LocalLogFiles;
  /** When set, each step's files are uploaded here when it ends (and every `uploadIntervalMs`). */
  remote?: S3LogStore | undefined;
  /** Upload the files of running steps this often, in ms; unset = only when a step ends. */
  uploadIntervalMs?: number | undefined;
  /** Step output also reaches the executor's own stdout/stderr. Default true. */
  teeToProcess?: boolean;
  /** Told of failed writes and uploads; capture never fails a step. */
  onError?: (error: Error) => void;
}

/** An upload of a step's logs failed; they stay on local disk and are retried at the next upload. */
export class ComputeLogUploadError extends Error {
  override readonly name = 'ComputeLogUploadError';
  constructor(
    readonly logKey: string,
    options: { cause: unknown },
  ) {
    super(`uploading the compute logs of ${logKey} failed`, options);
  }
}

const STREAMS: readonly LogStream[] = ['stdout', 'stderr'];

/**
 * The executor's compute log manager (Dagster's): implements the engine's
 * `ComputeLogCapture` port — each `context.log` line goes to the step's stderr log, as
 * Dagster's handlers write to stderr — and captures what the step's code writes to
 * stdout/stderr while it runs inside {@link runInStepContext}.
 */
export class ComputeLogManager implements ComputeLogCapture, StepOutputSink {
  readonly teeToProcess: boolean;
  private readonly files: LocalLogFiles;
  private readonly remote: S3LogStore | undefined;
  private readonly onError: ((error: Error) => void) | undefined;
  /** Log keys written since their last upload. */
  private readonly dirty = new Set<string>();
  /** Each key's uploads, chained: an older snapshot never lands after a newer one. */
  private readonly uploads = new Map<string, Promise<void>>();
  /** Steps running inside runInStepContext, by log key (a key may be entered twice). */
  private readonly running = new Map<string, number>();
  private readonly uploadTimer: NodeJS.Timeout | undefined;

  constructor(options: ComputeLogManagerOptions) {
    this.files = options.files;
    this.remote = options.remote;
    this.teeToProcess = options.teeToProcess ?? true;
    this.onError = options.onError;
    if (this.remote !== undefined && options.uploadIntervalMs !== undefined) {
      this.uploadTimer = outsideStepContext(() => setInterval(() => void this.uploadDirty(), options.uploadIntervalMs));
      this.uploadTimer.unref();
    }
  }

  /** `<runId>/<stepKey>`. */
  logKeyFor(runId: string, stepKey: string): string {
    return logKeyFor(runId, stepKey);
  }

  /** One `context.log` line of the step, appended to its stderr log. */
  append(logKey: string, line: string): void {
    this.captureOutput(logKey, 'stderr', line.endsWith('\n') ? line : `${line}\n`);
  }

  /** One chunk the step wrote to stdout or stderr (called by the stdio capture). */
  captureOutput(logKey: string, stream: LogStream, text: string): void {
    this.files.write(logKey, stream, text);
    this.dirty.add(logKey);
  }

  /**
   * Runs one step's code as `logKey`: its stdout/stderr writes (console.log, process
   * stdout/stderr, from any callback or promise it starts) are captured to its log. When
   * `fn` settles, the step's files are flushed and, with S3, uploaded, before this
   * resolves or rethrows `fn`'s error. Capture problems go to `onError`, never to the step.
   */
  async runInStepContext<T>(logKey: string, fn: () => Promise<T> | T): Promise<T> {
    this.running.set(logKey, (this.running.get(logKey) ?? 0) + 1);
    try {
      return await runWithStepOutput(logKey, this, fn);
    } finally {
      const left = (this.running.get(logKey) ?? 1) - 1;
      if (left === 0) this.running.delete(logKey);
      else this.running.set(logKey, left);
      await outsideStepContext(() => this.finishStep(logKey, left === 0));
    }
  }

  /**
   * The text of one stream of a step's log: from S3 when configured (what the api will
   * serve), else from the local file. Null when nothing was captured (yet).
   */
  async readComputeLog(logKey: string, stream: LogStream): Promise<string | null> {
    if (this.remote !== undefined) return await this.remote.get(logKey, stream);
    await this.files.flush(logKey);
    return await this.files.read(logKey, stream);
  }

  /** Writes every buffered line and uploads what changed since the last upload; stops the timer. */
  async close(): Promise<void> {
    if (this.uploadTimer !== undefined) clearInterval(this.uploadTimer);
    await this.files.flush();
    await this.uploadDirty();
    await Promise.all(this.uploads.values());
  }

  private async finishStep(logKey: string, done: boolean): Promise<void> {
    await this.files.flush(logKey);
    // An interval upload already under way may hold the step's last lines (it cleared the
    // dirty mark): wait for it rather than return before they are in the store.
    if (this.dirty.has(logKey)) await this.upload(logKey);
    else await this.uploads.get(logKey);
    if (done) await this.files.close(logKey);
  }

  private async uploadDirty(): Promise<void> {
    await Promise.all([...this.dirty].map((logKey) => this.upload(logKey)));
  }

  /** Flushes and uploads the key's files; a failure marks it dirty again for the next upload. */
  private upload(logKey: string): Promise<void> {
    const remote = this.remote;
    if (remote === undefined) {
      this.dirty.delete(logKey);
      return Promise.resolve();
    }
    const previous = this.uploads.get(logKey) ?? Promise.resolve();
    const next = previous.then(async () => {
      // Cleared before reading: lines arriving during the upload make the key dirty again.
      this.dirty.delete(logKey);
      try {
        await this.files.flush(logKey);
        for (const stream of STREAMS) {
          const text = await this.files.read(logKey, stream);
          if (text !== null) await remote.put(logKey, stream, text);
        }
      } catch (error) {
        this.dirty.add(logKey);
        this.report(new ComputeLogUploadError(logKey, { cause: error }));
      }
    });
    this.uploads.set(logKey, next);
    void next.then(() => {
      if (this.uploads.get(logKey) === next) this.uploads.delete(logKey);
    });
    return next;
  }

  private report(error: Error): void {
    try {
      this.onError?.(error);
    } catch {
      // A reporter that throws must not fail a step.
    }
  }
}
