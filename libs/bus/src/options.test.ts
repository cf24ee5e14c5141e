import { describe, expect, it } from 'vitest';
import { resolveBusOptions } from './options.js';

describe('resolveBusOptions', () => {
  it('fills defaults: prefix orrery, reconnect backoff, launch queue settings', () => {
    const options = resolveBusOptions({ servers: 'nats://127.0.0.1:4222', name: 'api' });
    expect(options.prefix).toBe('orrery');
    expect(options.servers).toEqual(['nats://127.0.0.1:4222']);
    expect(options.launch).toEqual({
      ackWaitMs: 30_000, maxDeliver: 5, duplicateWindowMs: 120_000, maxAgeMs: 86_400_000, replicas: 1, nakDelayMs: 2_000, maxNakDelayMs: 60_000,
    });
    expect(options.reconnectMaxWaitMs).toBeGreaterThanOrEqual(options.reconnectMinWaitMs);
  });

  it('refuses values that would break subjects or timers', () => {
    expect(() => resolveBusOptions({ servers: [], name: 'x' })).toThrow(/servers/);
    expect(() => resolveBusOptions({ servers: 'n', name: 'x', prefix: 'orrery.*' })).toThrow(/prefix/);
    expect(resolveBusOptions({ servers: 'n', name: 'x', prefix: 'acme.prod' }).prefix).toBe('acme.prod');
    expect(() => resolveBusOptions({ servers: 'n', name: 'x', requestTimeoutMs: 0 })).toThrow(/requestTimeoutMs/);
    expect(() => resolveBusOptions({ servers: 'n', name: 'x', reconnectMinWaitMs: 10, reconnectMaxWaitMs: 5 })).toThrow(/reconnectMaxWaitMs/);
    expect(() => resolveBusOptions({ servers: 'n', name: 'x', launch: { duplicateWindowMs: 10_000, maxAgeMs: 5_000 } })).toThrow(/duplicateWindowMs/);
  });
});
