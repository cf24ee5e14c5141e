import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { streamPath, type LogStream } from './log-key.js';
import { outsideStepContext } from './step-output-context.js';

/** Options of {@link LocalLogFiles}. */
export interface LocalLogFilesOptions {
  /** Buffered bytes of one file that trigger a write at once. Default 64 KiB. */
  maxBufferBytes?: number;
  /** Longest time, in ms, a line waits in the buffer before it is written. Default 100. */
  flushIntervalMs?: number;
  /** Told of every failed write; the lines of that write are dropped. */
  onError?: (error: Error) => void;
}

/** Buffered text of one file and the chain of its writes (appends never overlap). */
interface OpenFile {
  path: string;
  chunks: string[];
  bytes: number;
  timer: NodeJS.Timeout | undefined;
  writing: Promise<void>;
}

/**
 * The files of captured step output under `baseDir`: `<runId>/<stepKey>.out` and `.err`,
 * appended as lines arrive. Lines are buffered per file and written in order by one
 * append at a time, when `maxBufferBytes` are pending or `flushIntervalMs` after the first
 * of them, so a chatty step costs few writes and a quiet one is on disk within 100 ms.
 */
export class LocalLogFiles {
  private readonly maxBufferBytes: number;
  private readonly flushIntervalMs: number;
  private readonly onError: ((error: Error) => void) | undefined;
  private readonly files = new Map<string, OpenFile>();

  constructor(
    readonly baseDir: string,
    options: LocalLogFilesOptions = {},
  ) {
    this.maxBufferBytes = options.maxBufferBytes ?? 64 * 1024;
    this.flushIntervalMs = options.flushIntervalMs ?? 100;
    this.onError = options.onError;
  }

  /** The file of one stream of a log key. */
  pathOf(logKey: string, stream: LogStream): string {
    return join(this.baseDir, streamPath(logKey, stream));
  }

  /** Buffers `text` for the stream's file. Never throws; a failed write goes to `onError`. */
  write(logKey: string, stream: LogStream, text: string): void {
    if (text === '') return;
    const file = this.open(logKey, stream);
    file.chunks.push(text);
    file.bytes += Buffer.byteLength(text);
    if (file.bytes >= this.maxBufferBytes) {
      this.startWrite(file);
    } else if (file.timer === undefined) {
      // Outside the step's async context: the timer's callback must not count as the step's.
      file.timer = outsideStepContext(() => setTimeout(() => this.startWrite(file), this.flushIntervalMs));
      file.timer.unref();
    }
  }

  /** Writes what is buffered for the log key's streams (every key when none is given) and waits for it. */
  async flush(logKey?: string): Promise<void> {
    const files = logKey === undefined
      ? [...this.files.values()]
      : (['stdout', 'stderr'] as const).flatMap((stream) => this.files.get(this.pathOf(logKey, stream)) ?? []);
    for (const file of files) this.startWrite(file);
    await Promise.all(files.map((file) => file.writing));
  }

  /**
   * Flushes the log key's files and drops their bookkeeping (a finished step). A later
   * write to the key opens them again and appends.
   */
  async close(logKey: string): Promise<void> {
    await this.flush(logKey);
    for (const stream of ['stdout', 'stderr'] as const) {
      const path = this.pathOf(logKey, stream);
      const file = this.files.get(path);
      // Only when no write arrived while flushing; otherwise the next close takes it.
      if (file !== undefined && file.chunks.length === 0) this.files.delete(path);
    }
  }

  /** The stream's text as stored so far (after a flush); null when nothing was written. */
  async read(logKey: string, stream: LogStream): Promise<string | null> {
    try {
      return await readFile(this.pathOf(logKey, stream), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  private open(logKey: string, stream: LogStream): OpenFile {
    const path = this.pathOf(logKey, stream);
    let file = this.files.get(path);
    if (file === undefined) {
      const created = outsideStepContext(() => mkdir(dirname(path), { recursive: true }).then(() => undefined));
      file = { path, chunks: [], bytes: 0, timer: undefined, writing: created.catch((error: unknown) => this.report(error)) };
      this.files.set(path, file);
    }
    return file;
  }

  private startWrite(file: OpenFile): void {
    if (file.timer !== undefined) {
      clearTimeout(file.timer);
      file.timer = undefined;
    }
    if (file.chunks.length === 0) return;
    const text = file.chunks.join('');
    file.chunks = [];
    file.bytes = 0;
    file.writing = outsideStepContext(() =>
      file.writing.then(() => appendFile(file.path, text, 'utf8')).catch((error: unknown) => this.report(error)),
    );
  }

  private report(error: unknown): void {
    try {
      this.onError?.(error instanceof Error ? error : new Error(String(error)));
    } catch {
      // A reporter that throws must not break the write chain.
    }
  }
}
