import { constants } from 'node:os';
import type { Logger } from 'pino';

/** A step of shutdown: stop a service, close a client, flush telemetry. */
export type ShutdownHook = () => Promise<void> | void;

/** The parts of `process` the manager uses; tests pass a fake. */
export interface ShutdownProcess {
  on(event: 'SIGTERM' | 'SIGINT', listener: (signal: NodeJS.Signals) => void): unknown;
  exit(code: number): never | void;
}

/** Options of {@link ShutdownManager}. */
export interface ShutdownManagerOptions {
  logger: Logger;
  /** Time the hooks together may take before the process exits anyway, in ms. Default 4000. */
  graceMs?: number;
  /** Default: the real process. */
  process?: ShutdownProcess;
}

/**
 * One shutdown for every service (STYLE.md 10). On SIGTERM/SIGINT it runs the hooks in
 * reverse order of registration — so main.ts registers telemetry first, then storage and
 * bus clients, then the service, and the service stops taking work before its clients
 * close — then exits 128+signal. A second signal, or hooks outlasting the grace period,
 * exits at once.
 */
export class ShutdownManager {
  private readonly hooks: { name: string; run: ShutdownHook }[] = [];
  private readonly graceMs: number;
  private readonly proc: ShutdownProcess;
  private shuttingDown: Promise<void> | undefined;

  constructor(private readonly options: ShutdownManagerOptions) {
    this.graceMs = options.graceMs ?? 4000;
    this.proc = options.process ?? process;
  }

  /** True once shutdown has begun (readiness turns red). */
  get isShuttingDown(): boolean {
    return this.shuttingDown !== undefined;
  }

  /** Registers a hook; hooks run last-registered first. */
  add(name: string, run: ShutdownHook): this {
    this.hooks.push({ name, run });
    return this;
  }

  /** Listens for SIGTERM and SIGINT. */
  listen(): this {
    const onSignal = (signal: NodeJS.Signals) => {
      if (this.shuttingDown) {
        this.options.logger.warn({ signal }, 'second signal: exiting now');
        this.proc.exit(exitCodeFor(signal));
        return;
      }
      void this.shutdown(exitCodeFor(signal), `received ${signal}`);
    };
    // Persistent listeners: the second signal must find one too.
    this.proc.on('SIGTERM', onSignal);
    this.proc.on('SIGINT', onSignal);
    return this;
  }

  /** Runs the hooks and exits with `exitCode`. Calling it again returns the same promise. */
  shutdown(exitCode: number, reason: string): Promise<void> {
    this.shuttingDown ??= this.runHooks(exitCode, reason);
    return this.shuttingDown;
  }

  private async runHooks(exitCode: number, reason: string): Promise<void> {
    const { logger } = this.options;
    logger.info({ reason, graceMs: this.graceMs }, 'shutting down');
    const deadline = setTimeout(() => {
      logger.error({ graceMs: this.graceMs }, 'shutdown grace period exceeded: exiting now');
      this.proc.exit(exitCode);
    }, this.graceMs);
    deadline.unref?.();
    for (const hook of [...this.hooks].reverse()) {
      try {
        await hook.run();
      } catch (error) {
        logger.error({ err: error, hook: hook.name }, 'shutdown hook failed; continuing');
      }
    }
    clearTimeout(deadline);
    logger.info({ exitCode }, 'shutdown complete');
    this.proc.exit(exitCode);
  }
}

/** 128 + the signal's number, the shell's convention (SIGTERM → 143, SIGINT → 130). */
export function exitCodeFor(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}
