import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ShutdownManager, exitCodeFor, type ShutdownProcess } from './shutdown-manager.js';
import { captureLogger } from './test-logger.js';

class FakeProcess extends EventEmitter implements ShutdownProcess {
  readonly exits: number[] = [];
  exit(code: number): void {
    this.exits.push(code);
  }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('ShutdownManager', () => {
  it('runs hooks last-registered first, then exits 128+signal', async () => {
    const proc = new FakeProcess();
    const order: string[] = [];
    const manager = new ShutdownManager({ logger: captureLogger().logger, process: proc });
    manager.add('telemetry', () => void order.push('telemetry'));
    manager.add('bus', async () => void order.push('bus'));
    manager.add('service', () => void order.push('service'));
    manager.listen();
    proc.emit('SIGTERM', 'SIGTERM');
    await tick();
    expect(order).toEqual(['service', 'bus', 'telemetry']);
    expect(proc.exits).toEqual([143]);
    expect(manager.isShuttingDown).toBe(true);
  });

  it('keeps going when a hook throws', async () => {
    const proc = new FakeProcess();
    const order: string[] = [];
    const manager = new ShutdownManager({ logger: captureLogger().logger, process: proc });
    manager.add('first', () => void order.push('first'));
    manager.add('broken', () => {
      throw new Error('boom');
    });
    manager.listen();
    proc.emit('SIGINT', 'SIGINT');
    await tick();
    expect(order).toEqual(['first']);
    expect(proc.exits).toEqual([130]);
  });

  it('exits at once on a second signal while hooks still run', async () => {
    const proc = new FakeProcess();
    const manager = new ShutdownManager({ logger: captureLogger().logger, process: proc, graceMs: 60_000 });
    manager.add('slow', () => new Promise(() => undefined));
    manager.listen();
    proc.emit('SIGTERM', 'SIGTERM');
    await tick();
    expect(proc.exits).toEqual([]);
    proc.emit('SIGINT', 'SIGINT');
    expect(proc.exits).toEqual([130]);
  });

  it('exits when the hooks outlast the grace period', async () => {
    const proc = new FakeProcess();
    const manager = new ShutdownManager({ logger: captureLogger().logger, process: proc, graceMs: 30 });
    manager.add('stuck', () => new Promise(() => undefined));
    manager.listen();
    proc.emit('SIGTERM', 'SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(proc.exits).toEqual([143]);
  });

  it('maps signals to shell exit codes', () => {
    expect(exitCodeFor('SIGTERM')).toBe(143);
    expect(exitCodeFor('SIGINT')).toBe(130);
  });
});
