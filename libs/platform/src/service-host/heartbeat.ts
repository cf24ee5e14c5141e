import { hostname } from 'node:os';
import type { PrismaDaemonHeartbeatStore } from '@orrery/db';
import type { Logger } from 'pino';
import { runDaemonLoop } from '../runtime/daemon-loop.js';

/** Options of {@link startHeartbeat}. */
export interface HeartbeatOptions {
  store: PrismaDaemonHeartbeatStore;
  daemonType: string;
  daemonId: string;
  intervalMs: number;
  logger: Logger;
  signal: AbortSignal;
}

/**
 * Refreshes the replica's `daemon_heartbeats` row every interval. A failed write (Postgres
 * down) is logged, remembered in the next successful row, and retried next interval.
 */
export function startHeartbeat(options: HeartbeatOptions): Promise<void> {
  const startedAt = new Date().toISOString();
  let lastError: string | undefined;
  return runDaemonLoop(
    {
      name: 'heartbeat',
      intervalMs: options.intervalMs,
      signal: options.signal,
      logger: options.logger,
      onError: (error) => {
        lastError = `${new Date().toISOString()} ${(error as Error).message}`;
      },
    },
    async () => {
      await options.store.beat({
        daemonType: options.daemonType,
        daemonId: options.daemonId,
        timestamp: new Date(),
        body: { host: hostname(), pid: process.pid, startedAt, ...(lastError ? { lastError } : {}) },
      });
    },
  );
}
