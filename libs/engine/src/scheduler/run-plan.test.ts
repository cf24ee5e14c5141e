import { buildExecutionPlan, type PlanStep } from '@orrery/core';
import { describe, expect, it } from 'vitest';
import { MemoryEventSink } from '../event-sink.js';
import { runPlan } from './run-plan.js';
import type { StepRunner } from './step-attempt.js';

const step = (key: string, deps: string[] = []): PlanStep => ({ key, kind: 'op', deps });
const plan = (...steps: PlanStep[]) => buildExecutionPlan(steps);
const events = (sink: MemoryEventSink) => sink.events.map((event) => `${event.type} ${event.stepKey}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('runPlan', () => {
  it('runs each step after its deps and reports success', async () => {
    const sink = new MemoryEventSink();
    const order: string[] = [];
    const result = await runPlan({
      runId: 'r1', sink, plan: plan(step('load', ['transform']), step('transform', ['extract']), step('extract')),
      runStep: async ({ step }) => void order.push(step.key),
    });
    expect(result.status).toBe('success');
    expect(order).toEqual(['extract', 'transform', 'load']);
    expect(events(sink)).toEqual([
      'STEP_START extract', 'STEP_SUCCESS extract', 'STEP_START transform', 'STEP_SUCCESS transform', 'STEP_START load', 'STEP_SUCCESS load',
    ]);
    expect(sink.events.every((event) => event.runId === 'r1')).toBe(true);
  });

  it('never runs more than maxConcurrency steps at once', async () => {
    let inFlight = 0;
    let peak = 0;
    const steps = Array.from({ length: 12 }, (_, i) => step(`s${i}`));
    const result = await runPlan({
      runId: 'r', sink: new MemoryEventSink(), plan: plan(...steps), maxConcurrency: 3,
      runStep: async () => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await sleep(5);
        inFlight -= 1;
      },
    });
    expect(result.status).toBe('success');
    expect(peak).toBe(3);
  });

  it('skips the transitive dependents of a failed step and runs the rest', async () => {
    const sink = new MemoryEventSink();
    const result = await runPlan({
      runId: 'r', sink,
      plan: plan(step('a'), step('b', ['a']), step('c', ['b']), step('other'), step('join', ['c', 'other'])),
      runStep: async ({ step }) => {
        if (step.key === 'a') throw new Error('source unavailable', { cause: new Error('ECONNREFUSED') });
      },
    });
    expect(result.status).toBe('failure');
    expect(Object.fromEntries(result.steps)).toEqual({ a: 'failure', b: 'skipped', c: 'skipped', other: 'success', join: 'skipped' });
    const failure = sink.events.find((event) => event.type === 'STEP_FAILURE')!;
    expect(failure.message).toBe('source unavailable');
    expect(failure.data).toMatchObject({ error: { message: 'source unavailable', cause: { message: 'ECONNREFUSED' } } });
    expect(events(sink).filter((line) => line.startsWith('STEP_SKIPPED'))).toEqual(['STEP_SKIPPED b', 'STEP_SKIPPED c', 'STEP_SKIPPED join']);
  });

  it('retries a failing step per the decider, then succeeds', async () => {
    const sink = new MemoryEventSink();
    let calls = 0;
    const result = await runPlan({
      runId: 'r', sink, plan: plan(step('flaky')),
      retry: (_step, attempt) => (attempt < 3 ? { delayMs: 1 } : undefined),
      runStep: async ({ attempt }) => {
        calls += 1;
        if (attempt < 3) throw new Error(`attempt ${attempt} failed`);
      },
    });
    expect(result.status).toBe('success');
    expect(calls).toBe(3);
    expect(events(sink)).toEqual([
      'STEP_START flaky', 'STEP_UP_FOR_RETRY flaky', 'STEP_RESTARTED flaky', 'STEP_UP_FOR_RETRY flaky', 'STEP_RESTARTED flaky', 'STEP_SUCCESS flaky',
    ]);
  });

  it('fails a step once its retries are used up', async () => {
    const result = await runPlan({
      runId: 'r', sink: new MemoryEventSink(), plan: plan(step('broken')),
      retry: (_step, attempt) => (attempt < 2 ? { delayMs: 1 } : undefined),
      runStep: async () => {
        throw new Error('always');
      },
    });
    expect(result.steps.get('broken')).toBe('failure');
  });

  it('frees the concurrency slot while a step waits to retry', async () => {
    const order: string[] = [];
    await runPlan({
      runId: 'r', sink: new MemoryEventSink(), plan: plan(step('a'), step('b')), maxConcurrency: 1,
      retry: (_step, attempt) => (attempt === 1 ? { delayMs: 40 } : undefined),
      runStep: async ({ step, attempt }) => {
        order.push(`${step.key}#${attempt}`);
        if (step.key === 'a' && attempt === 1) throw new Error('first try fails');
      },
    });
    expect(order).toEqual(['a#1', 'b#1', 'a#2']);
  });

  it('fails an attempt that outlives its time limit and aborts its signal', async () => {
    const sink = new MemoryEventSink();
    let aborted = false;
    const result = await runPlan({
      runId: 'r', sink, plan: plan(step('slow')), stepTimeoutMs: () => 20,
      runStep: ({ signal }) => new Promise((resolve) => signal.addEventListener('abort', () => {
        aborted = true;
        resolve();
      })),
    });
    expect(result.steps.get('slow')).toBe('failure');
    expect(aborted).toBe(true);
    expect(sink.events.at(-1)?.message).toBe('step "slow" timed out after 20 ms');
  });

  it('cancels: running steps are aborted, no new step starts, the run is canceled', async () => {
    const controller = new AbortController();
    const started: string[] = [];
    const pending = runPlan({
      runId: 'r', sink: new MemoryEventSink(), plan: plan(step('long'), step('after', ['long'])), signal: controller.signal,
      runStep: ({ step, signal }) => {
        started.push(step.key);
        return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('stopped'))));
      },
    });
    await sleep(10);
    controller.abort();
    const result = await pending;
    expect(result.status).toBe('canceled');
    expect(Object.fromEntries(result.steps)).toEqual({ long: 'canceled', after: 'skipped' });
    expect(started).toEqual(['long']);
  });

  it('abandons a step that ignores cancellation after the grace period', async () => {
    const controller = new AbortController();
    const sink = new MemoryEventSink();
    const pending = runPlan({
      runId: 'r', sink, plan: plan(step('stubborn')), signal: controller.signal, cancelGraceMs: 30,
      runStep: () => new Promise(() => undefined),
    });
    controller.abort();
    const result = await pending;
    expect(result.status).toBe('canceled');
    expect(result.steps.get('stubborn')).toBe('canceled');
    expect(sink.events.at(-1)?.message).toContain('abandoned');
  });

  it('cancels a step that is waiting to retry', async () => {
    const controller = new AbortController();
    const pending = runPlan({
      runId: 'r', sink: new MemoryEventSink(), plan: plan(step('flaky')), signal: controller.signal,
      retry: () => ({ delayMs: 60_000 }),
      runStep: async () => {
        throw new Error('fails');
      },
    });
    await sleep(10);
    controller.abort();
    expect((await pending).steps.get('flaky')).toBe('canceled');
  });

  it('skips the dependents a successful step names', async () => {
    const runner: StepRunner = async ({ step }) => (step.key === 'multi' ? { skipDependents: ['uses_b'] } : undefined);
    const result = await runPlan({
      runId: 'r', sink: new MemoryEventSink(), runStep: runner,
      plan: plan(step('multi'), step('uses_a', ['multi']), step('uses_b', ['multi'])),
    });
    expect(Object.fromEntries(result.steps)).toEqual({ multi: 'success', uses_a: 'success', uses_b: 'skipped' });
    expect(result.status).toBe('success');
  });
});
