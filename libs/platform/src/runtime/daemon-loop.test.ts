import { describe, expect, it } from 'vitest';
import { runDaemonLoop } from './daemon-loop.js';
import { captureLogger } from './test-logger.js';

describe('runDaemonLoop', () => {
  it('records a failed iteration and carries on', async () => {
    const { logger, lines } = captureLogger();
    const controller = new AbortController();
    const recorded: unknown[] = [];
    let iterations = 0;
    await runDaemonLoop(
      { name: 'ticker', intervalMs: 1, signal: controller.signal, logger, onError: (error) => void recorded.push(error) },
      async () => {
        iterations += 1;
        if (iterations === 2) throw new Error('tick 2 failed');
        if (iterations === 4) controller.abort();
      },
    );
    expect(iterations).toBe(4);
    expect(recorded).toHaveLength(1);
    expect((recorded[0] as Error).message).toBe('tick 2 failed');
    expect(lines.some((line) => line.loop === 'ticker' && line.level === 50)).toBe(true);
  });

  it('keeps looping when recording the error fails too', async () => {
    const controller = new AbortController();
    let iterations = 0;
    await runDaemonLoop(
      {
        name: 'x', intervalMs: 1, signal: controller.signal, logger: captureLogger().logger,
        onError: () => {
          throw new Error('recorder down');
        },
      },
      async () => {
        iterations += 1;
        if (iterations < 3) throw new Error('fail');
        controller.abort();
      },
    );
    expect(iterations).toBe(3);
  });

  it('ends a long wait as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const loop = runDaemonLoop(
      { name: 'slow', intervalMs: 60_000, signal: controller.signal, logger: captureLogger().logger },
      async () => undefined,
    );
    setTimeout(() => controller.abort(), 20);
    await loop;
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
