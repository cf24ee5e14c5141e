import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Logger } from '@orrery/platform';
import { RUN_ATTEMPT_ENV, RUN_ID_ENV } from '../kubernetes/index.js';
import type { LaunchableRun, RunLauncher } from './run-launcher.js';

/** Options of {@link ProcessRunLauncher}. */
export interface ProcessRunLauncherOptions {
  /** argv that starts an executor for one run; the run id is appended as the last argument. */
  command: readonly string[];
  /** The child's environment before the run's own variables: the launcher's env plus `env_vars`. */
  env: Readonly<Record<string, string | undefined>>;
  /** Receives each line the children print, with the run id, attempt and pid. */
  logger: Logger;
  /** How long {@link ProcessRunLauncher.stop} waits after SIGTERM before SIGKILL, in ms. Default 3000. */
  stopTimeoutMs?: number;
}

interface RunChild {
  readonly process: ChildProcess;
  readonly exited: Promise<void>;
}

/**
 * One executor child process per run attempt on this host (Dagster's DefaultRunLauncher):
 * argv `command + [runId]`, env `ORRERY_RUN_ID` and `ORRERY_RUN_ATTEMPT` on top of
 * `env`; its stdout and stderr lines go to the launcher's logger.
 *
 * Lifetime: a child runs in its own process group, so a signal aimed at the launcher's group
 * (Ctrl-C in a terminal) does not hit runs directly; the launcher ends them in order instead.
 * `stop()` sends SIGTERM to each child's group, waits `stopTimeoutMs`, then SIGKILLs what is
 * left: a run process never outlives a launcher that shuts down, and the runs it was
 * executing are resumed or failed by run monitoring. If the launcher itself is killed, its
 * children keep running, orphaned, until they next write to their closed output pipe.
 */
export class ProcessRunLauncher implements RunLauncher {
  readonly #children = new Map<string, RunChild>();
  readonly #stopTimeoutMs: number;
  #stopping = false;

  constructor(private readonly options: ProcessRunLauncherOptions) {
    if (options.command.length === 0 || options.command[0] === '') throw new TypeError('ProcessRunLauncher: command is empty');
    this.#stopTimeoutMs = options.stopTimeoutMs ?? 3_000;
  }

  /** Children still running, by `runId:attempt`. */
  get runningAttempts(): string[] {
    return [...this.#children.keys()];
  }

  async launch(run: LaunchableRun, attempt: number): Promise<void> {
    if (this.#stopping) throw new Error('the process launcher is stopping');
    const key = `${run.runId}:${attempt}`;
    // The attempt's process is alive: a repeated launch must not start a second one.
    if (this.#children.has(key)) return;
    const [file, ...args] = this.options.command as [string, ...string[]];
    const child = spawn(file, [...args, run.runId], {
      env: { ...this.options.env, [RUN_ID_ENV]: run.runId, [RUN_ATTEMPT_ENV]: String(attempt) },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    const fields = { runId: run.runId, attempt, pid: child.pid };
    const { logger } = this.options;
    child.on('error', (error) => logger.warn({ ...fields, err: error }, 'run process error'));
    relayLines(child.stdout, (line) => logger.info({ ...fields, stream: 'stdout' }, line));
    relayLines(child.stderr, (line) => logger.warn({ ...fields, stream: 'stderr' }, line));
    const exited = new Promise<void>((resolve) => {
      child.once('close', (code, signal) => {
        this.#children.delete(key);
        logger.info({ ...fields, exitCode: code, signal }, 'run process exited');
        resolve();
      });
    });
    this.#children.set(key, { process: child, exited });
    logger.info(fields, 'run process started');
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    const children = [...this.#children.values()];
    if (children.length === 0) return;
    for (const child of children) signalGroup(child.process, 'SIGTERM');
    const allExited = Promise.all(children.map((child) => child.exited));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.#stopTimeoutMs);
    });
    const outcome = await Promise.race([allExited, timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      for (const child of this.#children.values()) signalGroup(child.process, 'SIGKILL');
      await allExited;
    }
  }
}

function relayLines(stream: Readable, log: (line: string) => void): void {
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', log);
}

/** Signals the child's whole process group (it leads one: `detached`), so its own children end too. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: it exited meanwhile.
  }
}
