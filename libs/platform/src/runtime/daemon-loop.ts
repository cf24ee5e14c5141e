import type { Logger } from 'pino';
import { sleep } from './abortable-sleep.js';

/** Options of {@link runDaemonLoop}. */
export interface DaemonLoopOptions {
  /** Name used in logs and error records. */
  name: string;
  /** Wait between the end of one iteration and the start of the next, in ms. */
  intervalMs: number;
  /** Aborting it ends the loop after the current iteration; waits end at once. */
  signal: AbortSignal;
  logger: Logger;
  /**
   * Records an iteration's error (e.g. on a heartbeat row or tick). Its own failure is
   * logged and ignored: recording must never stop the loop.
   */
  onError?: (error: unknown) => Promise<void> | void;
}

/**
 * Runs `iteration` until `signal` aborts. Each iteration's error is logged and recorded
 * and the loop goes on (Dagster's daemons do the same): one bad tick must not stop a
 * service. Resolves when the loop has stopped.
 */
export async function runDaemonLoop(
  options: DaemonLoopOptions,
  iteration: (signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const { name, intervalMs, signal, logger } = options;
  while (!signal.aborted) {
    try {
      await iteration(signal);
    } catch (error) {
      logger.error({ err: error, loop: name }, `${name}: iteration failed; continuing`);
      try {
        await options.onError?.(error);
      } catch (recordError) {
        logger.warn({ err: recordError, loop: name }, `${name}: could not record the iteration's error`);
      }
    }
    await sleep(intervalMs, signal);
  }
}
