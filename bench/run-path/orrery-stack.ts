// The built api, run-launcher and executor as child processes for the run-path benchmark
// (`node apps/<service>/dist/main.js`, as docs/operations.md runs them natively). Output goes
// through pipes, as in a container: with a file as stdout, Node writes synchronously and
// the services' logging would cost them far more than in production. This process keeps
// only the tail of each service's output, for errors.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const workspaceRoot = join(import.meta.dirname, '..', '..');

/** The services of the run path, in start order (the executor first: it publishes the location). */
export const SERVICE_NAMES = ['executor', 'run-launcher', 'api'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Options of {@link startOrreryStack}. */
export interface OrreryStackOptions {
  databaseUrl: string;
  natsUrl: string;
  /** NATS subject prefix (`bus.prefix`): the benchmark's messages and streams only. */
  prefix: string;
  /** Code location name → absolute module path (workspace.yaml of the executor). */
  locations: Record<string, string>;
  /** orrery.yaml text after `bus:` (run_coordinator, run_monitoring, …). */
  config: string;
  /** Extra environment per service. */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
  /** Run every service with `--cpu-prof`, writing `<service>.cpuprofile` into this directory. */
  cpuProfileDir?: string;
  /** Longest a service may take to start, in ms. Default 90,000 (the machine is loaded). */
  startTimeoutMs?: number;
}

/** A started service: its process and the tail of its output. */
export interface StackService {
  readonly name: ServiceName;
  readonly process: ChildProcess;
  readonly pid: number;
  /** The last ~64 KiB of its stdout and stderr. */
  output(): string;
}

const TAIL_CHARS = 65_536;

/** The running stack. */
export interface OrreryStack {
  /** Temp directory with orrery.yaml and workspace.yaml. */
  readonly dir: string;
  readonly apiBase: string;
  readonly services: ReadonlyMap<ServiceName, StackService>;
  /** SIGTERM to each service, SIGKILL after `graceMs` (default 15,000); resolves when all exited. */
  stop(graceMs?: number): Promise<void>;
}

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Polls until `ready()` holds; throws with the service's log if it exits or times out. */
async function waitUntil(service: StackService, ready: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await ready()) return;
    const child = service.process;
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      const why = child.exitCode !== null || child.signalCode !== null ? `exited (${child.exitCode ?? child.signalCode})` : `not ready within ${timeoutMs} ms`;
      throw new Error(`${service.name} ${why}; its output:\n${service.output().slice(-4000)}`);
    }
    await sleep(100);
  }
}

async function httpOk(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

/**
 * Writes orrery.yaml and workspace.yaml to a temp directory and starts the executor, the
 * run-launcher and the api; resolves when each has logged `<service> started` (the api: when
 * `/readyz` answers 200). Stops what it started if one fails.
 */
export async function startOrreryStack(options: OrreryStackOptions): Promise<OrreryStack> {
  const dir = mkdtempSync(join(tmpdir(), 'orrery-bench-stack-'));
  const configFile = join(dir, 'orrery.yaml');
  writeFileSync(configFile, `bus:\n  prefix: ${options.prefix}\n${options.config}`);
  const workspaceFile = join(dir, 'workspace.yaml');
  const entries = Object.entries(options.locations).map(([name, file]) => `  - module: ${file}\n    location_name: ${name}\n`);
  writeFileSync(workspaceFile, `load_from:\n${entries.join('')}`);
  if (options.cpuProfileDir) mkdirSync(options.cpuProfileDir, { recursive: true });
  const apiPort = await freePort();
  const timeoutMs = options.startTimeoutMs ?? 90_000;
  const services = new Map<ServiceName, StackService>();

  const stop = async (graceMs = 15_000) => {
    const running = [...services.values()];
    for (const service of running) service.process.kill('SIGTERM');
    await Promise.all(running.map(async (service) => {
      const timer = setTimeout(() => service.process.kill('SIGKILL'), graceMs);
      await exited(service.process);
      clearTimeout(timer);
    }));
  };

  try {
    for (const name of SERVICE_NAMES) {
      const env: Record<string, string> = {
        ...(process.env as Record<string, string>),
        DATABASE_URL: options.databaseUrl,
        NATS_URL: options.natsUrl,
        ORRERY_CONFIG: configFile,
        LOG_LEVEL: 'info',
        ...(name === 'api' ? { PORT: String(apiPort), HOST: '127.0.0.1' } : { HEALTH_PORT: String(await freePort()) }),
        ...(name === 'executor' ? { ORRERY_WORKSPACE: workspaceFile } : {}),
        ...options.env?.[name],
      };
      const profile = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`, `--cpu-prof-name=${name}.cpuprofile`] : [];
      // process.execPath is the project's pinned Node (npm run bench runs node_modules/.bin/node).
      const child = spawn(process.execPath, [...profile, join(workspaceRoot, 'apps', name, 'dist', 'main.js')], {
        cwd: workspaceRoot,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      if (child.pid === undefined) throw new Error(`${name} did not spawn`);
      let tail = '';
      let started = false;
      const append = (chunk: Buffer) => {
        tail = (tail + chunk.toString('utf8')).slice(-TAIL_CHARS);
        if (!started && tail.includes(`"${name} started"`)) started = true;
      };
      child.stdout?.on('data', append);
      child.stderr?.on('data', append);
      const service: StackService = { name, process: child, pid: child.pid, output: () => tail };
      services.set(name, service);
      if (name === 'api') await waitUntil(service, () => httpOk(`http://127.0.0.1:${apiPort}/readyz`), timeoutMs);
      else await waitUntil(service, () => started, timeoutMs);
    }
  } catch (error) {
    await stop(2_000);
    throw error;
  }
  return { dir, apiBase: `http://127.0.0.1:${apiPort}`, services, stop };
}
