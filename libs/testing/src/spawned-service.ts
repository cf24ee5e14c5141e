import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const workspaceRoot = join(import.meta.dirname, '..', '..', '..');

/** How a spawned service ended. */
export interface ServiceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A built service (`node apps/<name>/dist/main.js`) running as a child process of a test. */
export interface SpawnedService {
  readonly name: string;
  readonly process: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves once a line matching `pattern` appears; rejects after `timeoutMs` with the output. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with how it exited (immediately if it already has). */
  exited(): Promise<ServiceExit>;
  /** Sends `signal` and resolves with its exit; SIGKILLs it after `timeoutMs`. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<ServiceExit>;
}

/** Spawns the built service `apps/<name>/dist/main.js` with `env` added to this process's. */
export function spawnService(name: string, env: Record<string, string>): SpawnedService {
  // process.execPath is the project's pinned Node (node_modules/.bin/node runs the tests).
  const child = spawn(process.execPath, [join(workspaceRoot, 'apps', name, 'dist', 'main.js')], {
    cwd: workspaceRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exit = new Promise<ServiceExit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );

  return {
    name,
    process: child,
    output: () => output,
    waitForOutput: (pattern, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = output.split('\n').find((line) => pattern.test(line));
          if (match === undefined) return false;
          cleanup();
          resolve(match);
          return true;
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`${name}: no output matching ${pattern} within ${timeoutMs} ms. Output:\n${output}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(listener);
        };
        const listener = () => void check();
        listeners.add(listener);
        check();
      }),
    exited: () => exit,
    stop: async (signal = 'SIGTERM', timeoutMs = 10_000) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      try {
        return await exit;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Polls `url` until `accept(status)` holds; resolves with the last status or throws after timeoutMs. */
export async function waitForHttpStatus(
  url: string,
  accept: (status: number) => boolean,
  timeoutMs = 15_000,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = 0;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      last = response.status;
      await response.body?.cancel();
    } catch {
      last = 0;
    }
    if (accept(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url}: status ${last} never satisfied the condition within ${timeoutMs} ms`);
}
