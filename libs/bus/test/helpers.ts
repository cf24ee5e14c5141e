// Small private helpers for the bus integration tests (libs/bus cannot import libs/testing,
// which depends on it).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { connect as connectTcp, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { connectBus, type Bus, type BusLogger, type BusOptions } from '../src/index.js';

/** The shared NATS server of the machine (NATS_URL, default nats://127.0.0.1:4222). */
export const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** A prefix of this test file alone, e.g. `t1a2b3c4d5e`. */
export function testPrefix(): string {
  return `t${randomBytes(5).toString('hex')}`;
}

export interface LogEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly fields: Record<string, unknown>;
  readonly message: string;
}

/** A logger that keeps every entry, for assertions. */
export function captureLogs(): { logger: BusLogger; entries: LogEntry[]; messages(level: LogEntry['level']): LogEntry[] } {
  const entries: LogEntry[] = [];
  const at = (level: LogEntry['level']) => (fields: Record<string, unknown>, message: string) => {
    entries.push({ level, fields, message });
  };
  return {
    logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') },
    entries,
    messages: (level) => entries.filter((entry) => entry.level === level),
  };
}

/** Connects a bus to the shared server under `prefix`. */
export function testBus(prefix: string, options: Partial<BusOptions> = {}): Promise<Bus> {
  return connectBus({ servers: natsUrl, name: `bus-test-${prefix}`, prefix, ...options });
}

/** A plain client, for publishing what the bus would refuse to. */
export function rawConnection(url = natsUrl): Promise<NatsConnection> {
  return connect({ servers: url, timeout: 3_000 });
}

/** Deletes every stream named `<PREFIX>_...`. */
export async function deleteStreams(prefix: string, url = natsUrl): Promise<void> {
  const nc = await rawConnection(url);
  try {
    const manager = await jetstreamManager(nc);
    const names: string[] = [];
    for await (const stream of manager.streams.list()) {
      if (stream.config.name.startsWith(`${prefix.toUpperCase()}_`)) names.push(stream.config.name);
    }
    for (const name of names) await manager.streams.delete(name);
  } finally {
    await nc.close();
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Retries `check` until it stops throwing or `timeoutMs` passes (then rethrows its error). */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 5_000, intervalMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await delay(intervalMs);
    }
  }
}

/** A port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function isPortOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connectTcp({ host: '127.0.0.1', port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(300, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** A nats-server of one test file, stopped and started again on the same port and store. */
export interface PrivateNats {
  readonly url: string;
  start(): Promise<void>;
  /** SIGKILL, as in a crash, and waits for the exit. */
  kill(): Promise<void>;
  /** SIGSTOP / SIGCONT: a server that hangs with its connections open. */
  pause(): void;
  resume(): void;
  /** Deletes the JetStream store (the server must be stopped): a restart that lost everything. */
  wipeStore(): void;
  dispose(): Promise<void>;
}

/** A private `nats-server -js` on a free port (not started until `start()`). */
export async function privateNats(): Promise<PrivateNats> {
  const port = await freePort();
  const storeDir = mkdtempSync(join(tmpdir(), 'orrery-bus-nats-'));
  let child: ChildProcess | undefined;
  const kill = async () => {
    const running = child;
    if (!running) return;
    running.kill('SIGCONT'); // a paused server would not die of SIGKILL any later, but be sure
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
    child = undefined;
  };
  return {
    url: `nats://127.0.0.1:${port}`,
    start: async () => {
      if (child) return;
      child = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], { stdio: 'ignore' });
      const deadline = Date.now() + 10_000;
      while (!(await isPortOpen(port))) {
        if (Date.now() > deadline) throw new Error(`nats-server did not start on port ${port}`);
        await delay(50);
      }
    },
    kill,
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
    wipeStore: () => {
      if (child) throw new Error('stop the server before wiping its store');
      rmSync(storeDir, { recursive: true, force: true });
      mkdirSync(storeDir);
    },
    dispose: async () => {
      await kill();
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}
