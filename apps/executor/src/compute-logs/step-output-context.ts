import { AsyncLocalStorage } from 'node:async_hooks';
import type { LogStream } from './log-key.js';

// Attributes process output to the step running in the current async context: the
// process's stdout/stderr `write` is wrapped once, and a write made while a step's code
// (or anything it started) runs is handed to that step's capture.

/** Where the output of the steps run by {@link runWithStepOutput} goes. */
export interface StepOutputSink {
  /** Receives one chunk written by the step; must not write to stdout/stderr itself. */
  captureOutput(logKey: string, stream: LogStream, text: string): void;
  /** True: the chunk also reaches the process's real stream (as Dagster's capture tees). */
  readonly teeToProcess: boolean;
}

interface StepOutputTarget {
  readonly logKey: string;
  readonly sink: StepOutputSink;
}

const stepContext = new AsyncLocalStorage<StepOutputTarget>();
let installed = false;

type WriteCallback = (error?: Error | null) => void;

function decode(chunk: unknown, encoding: unknown): string {
  if (typeof chunk === 'string') return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString(typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  return String(chunk);
}

function wrap(stream: NodeJS.WriteStream, name: LogStream): void {
  const original = stream.write;
  // The same signature as Writable#write: (chunk, encoding?, callback?) → boolean.
  stream.write = function write(this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
    const target = stepContext.getStore();
    if (target === undefined) return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    const encoding = typeof rest[0] === 'string' ? rest[0] : undefined;
    // Outside the context while the sink works: output of the capture itself is the process's.
    stepContext.exit(() => target.sink.captureOutput(target.logKey, name, decode(chunk, encoding)));
    if (target.sink.teeToProcess) return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    const callback = rest.find((arg): arg is WriteCallback => typeof arg === 'function');
    if (callback) process.nextTick(callback);
    return true;
  } as NodeJS.WriteStream['write'];
}

/**
 * Wraps `process.stdout.write` and `process.stderr.write`, once per process (later calls
 * do nothing). Writes outside any step context go to the real stream exactly as before.
 */
export function installStdioCapture(): void {
  if (installed) return;
  installed = true;
  wrap(process.stdout, 'stdout');
  wrap(process.stderr, 'stderr');
}

/**
 * Runs `fn` as the step `logKey`: whatever it (and every callback, promise or timer it
 * starts) writes to stdout/stderr goes to `sink`. Installs the capture on first use.
 */
export function runWithStepOutput<T>(logKey: string, sink: StepOutputSink, fn: () => T): T {
  installStdioCapture();
  return stepContext.run({ logKey, sink }, fn);
}

/** Runs `fn` outside any step context: timers and I/O it starts belong to no step. */
export function outsideStepContext<T>(fn: () => T): T {
  return stepContext.exit(fn);
}

/** The log key of the step whose code is running now, if any. */
export function currentStepLogKey(): string | undefined {
  return stepContext.getStore()?.logKey;
}
