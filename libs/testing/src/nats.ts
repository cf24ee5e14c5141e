import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { afterAll, inject } from 'vitest';
import './provided-context.js';
import { freePort, isPortOpen } from './free-port.js';

/** The shared NATS server seen through a subject prefix of this test file alone. */
export interface TestNats {
  readonly url: string;
  /** Subject prefix (instead of `orrery`); streams are named `<PREFIX>_...`. */
  readonly prefix: string;
}

/**
 * Call at the top level of a test file: a NATS subject prefix of its own, so files share
 * the one server without seeing each other's messages. Its streams are deleted afterwards.
 */
export function useTestNats(): TestNats {
  const prefix = `t${randomBytes(5).toString('hex')}`;
  afterAll(async () => {
    await deleteStreamsWithPrefix(inject('natsUrl'), prefix);
  });
  return {
    prefix,
    get url() {
      return inject('natsUrl');
    },
  };
}

async function deleteStreamsWithPrefix(url: string, prefix: string): Promise<void> {
  const connection = await connect({ servers: url, timeout: 3000 });
  try {
    const manager = await jetstreamManager(connection);
    const names: string[] = [];
    for await (const stream of manager.streams.list()) {
      if (stream.config.name.startsWith(`${prefix.toUpperCase()}_`)) names.push(stream.config.name);
    }
    for (const name of names) await manager.streams.delete(name);
  } finally {
    await connection.close();
  }
}

/** A nats-server of one test, which it may stop and start again on the same port. */
export interface PrivateNatsServer {
  readonly url: string;
  readonly port: number;
  /** Stops the server (SIGKILL when `hard`, as in a crash) and waits for it to exit; a paused one too. */
  stop(options?: { hard?: boolean }): Promise<void>;
  /** Starts it (again) on the same port with the same JetStream store; resolves once it accepts connections. */
  start(): Promise<void>;
  /** SIGSTOP: a server that hangs with its connections open (no-op when not running). */
  pause(): void;
  /** SIGCONT: the paused server carries on. */
  resume(): void;
  /** Deletes the JetStream store, as a restart that lost everything. Throws while the server runs. */
  wipeStore(): void;
  /** Stops it and deletes its store. */
  dispose(): Promise<void>;
}

/** Options of {@link startNatsServer}. */
export interface StartNatsServerOptions {
  /** Start the server before resolving (default true); with false, its URL is known but nothing listens until `start()`. */
  readonly start?: boolean;
}

/** A private `nats-server` (from PATH) with JetStream on a free port, started unless `start: false`. */
export async function startNatsServer(options: StartNatsServerOptions = {}): Promise<PrivateNatsServer> {
  const port = await freePort();
  const storeDir = mkdtempSync(join(tmpdir(), 'orrery-private-nats-'));
  let child: ChildProcess | undefined;

  const start = async () => {
    if (child) return;
    const started = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], { stdio: 'ignore' });
    child = started;
    started.once('exit', () => {
      if (child === started) child = undefined;
    });
    const deadline = Date.now() + 10_000;
    while (!(await isPortOpen('127.0.0.1', port, 300))) {
      if (Date.now() > deadline) throw new Error(`private nats-server did not start on port ${port}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const stop = async (options: { hard?: boolean } = {}) => {
    const running = child;
    if (!running) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    // A paused server would leave SIGTERM pending forever; SIGCONT first, a no-op when it runs.
    running.kill('SIGCONT');
    running.kill(options.hard ? 'SIGKILL' : 'SIGTERM');
    await exited;
    child = undefined;
  };

  if (options.start ?? true) await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    stop,
    start,
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
    wipeStore: () => {
      if (child) throw new Error('stop the private nats-server before wiping its store');
      rmSync(storeDir, { recursive: true, force: true });
      mkdirSync(storeDir);
    },
    dispose: async () => {
      await stop({ hard: true });
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}
