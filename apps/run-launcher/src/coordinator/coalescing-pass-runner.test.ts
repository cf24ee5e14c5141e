import { describe, expect, it } from 'vitest';
import { CoalescingPassRunner } from './coalescing-pass-runner.js';

/** A pass that stays open until released, counting starts and overlaps. */
function gatedPass() {
  let release: (() => void) | undefined;
  const state = { started: 0, running: 0, maxRunning: 0 };
  const pass = async () => {
    state.started++;
    state.running++;
    state.maxRunning = Math.max(state.maxRunning, state.running);
    await new Promise<void>((resolve) => (release = resolve));
    state.running--;
  };
  const releaseCurrent = async () => {
    while (!release) await Promise.resolve();
    const current = release;
    release = undefined;
    current();
  };
  return { pass, state, releaseCurrent };
}

describe('CoalescingPassRunner', () => {
  it('turns a burst of 200 requests during a pass into one more pass, never overlapping', async () => {
    const { pass, state, releaseCurrent } = gatedPass();
    const runner = new CoalescingPassRunner(pass, () => {});
    runner.request();
    expect(state.started).toBe(1);
    for (let i = 0; i < 200; i++) runner.request();
    await releaseCurrent();
    await releaseCurrent();
    await runner.idle();
    expect(state.started).toBe(2);
    expect(state.maxRunning).toBe(1);
  });

  it('reports a failing pass and serves the next request', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const runner = new CoalescingPassRunner(async () => {
      calls++;
      if (calls === 1) throw new Error('Postgres is down');
    }, (error) => errors.push(error));
    runner.request();
    await runner.idle();
    runner.request();
    await runner.idle();
    expect(calls).toBe(2);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('Postgres is down');
  });

  it('stop() waits for the pass in progress and refuses later requests', async () => {
    const { pass, state, releaseCurrent } = gatedPass();
    const runner = new CoalescingPassRunner(pass, () => {});
    runner.request();
    runner.request();
    let stopped = false;
    const stopping = runner.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    await releaseCurrent();
    await stopping;
    runner.request();
    expect(state.started).toBe(1);
    expect(state.running).toBe(0);
  });
});
