// Bus-specific helpers for the bus integration tests; the NATS server, prefixes and stream
// clean-up come from @orrery/testing (useTestNats, startNatsServer).
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { connectBus, type Bus, type BusLogger, type BusOptions } from '../src/index.js';

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

/** Connects a bus to the server at `url` under `prefix`. */
export function testBus(url: string, prefix: string, options: Partial<BusOptions> = {}): Promise<Bus> {
  return connectBus({ servers: url, name: `bus-test-${prefix}`, prefix, ...options });
}

/** A plain client, for publishing what the bus would refuse to. */
export function rawConnection(url: string): Promise<NatsConnection> {
  return connect({ servers: url, timeout: 3_000 });
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
