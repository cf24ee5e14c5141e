import { buildExecutionPlan, type PlanStep } from '@orrery/core';
import { describe, expect, it } from 'vitest';
import { MemoryEventSink } from '../event-sink.js';
import { PlanExpansionError, type PlanExpansion } from './plan-expansion.js';
import { runPlan } from './run-plan.js';
import type { StepAttemptResult } from './step-attempt.js';

const step = (key: string, deps: string[] = []): PlanStep => ({ key, kind: 'op', deps });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** split fans out into process[k] and double[k] per key; sum collects every double[k]. */
function fanOut(keys: string[]): PlanExpansion {
  return {
    steps: keys.flatMap((k) => [step(`process[${k}]`, ['split']), step(`double[${k}]`, [`process[${k}]`])]),
    waitFor: new Map([['sum', keys.map((k) => `double[${k}]`)]]),
  };
}

async function run(expansion: PlanExpansion, options: { fail?: string; extra?: PlanStep[]; maxConcurrency?: number } = {}) {
  const sink = new MemoryEventSink();
  const order: string[] = [];
  const result = await runPlan({
    runId: 'r', sink, maxConcurrency: options.maxConcurrency,
    plan: buildExecutionPlan([step('split'), step('sum', ['split']), ...(options.extra ?? [])]),
    runStep: async ({ step }): Promise<StepAttemptResult> => {
      order.push(step.key);
      await sleep(step.key.startsWith('process') ? 5 : 1);
      if (step.key === options.fail) throw new Error(`${step.key} broke`);
      return step.key === 'split' ? { expand: expansion } : {};
    },
  });
  return { result, order, sink, outcomes: Object.fromEntries(result.steps) };
}

describe('runPlan with plan expansion', () => {
  it('runs the steps a successful step adds, and holds a waiting dependent until they all succeed', async () => {
    const { result, order, sink, outcomes } = await run(fanOut(['a', 'b', 'c']), { maxConcurrency: 2 });
    expect(result.status).toBe('success');
    expect(order[0]).toBe('split');
    expect(order.at(-1)).toBe('sum');
    expect(order.slice(1, -1).sort()).toEqual(['double[a]', 'double[b]', 'double[c]', 'process[a]', 'process[b]', 'process[c]']);
    expect(order.indexOf('double[a]')).toBeGreaterThan(order.indexOf('process[a]'));
    expect(outcomes).toMatchObject({ split: 'success', 'process[b]': 'success', 'double[c]': 'success', sum: 'success' });
    expect(result.steps.size).toBe(8);
    // The fan-out step succeeds before any step it added starts.
    const types = sink.events.map((event) => `${event.type} ${event.stepKey}`);
    expect(types.indexOf('STEP_SUCCESS split')).toBeLessThan(types.indexOf('STEP_START process[a]'));
  });

  it('skips the waiting dependent when an added step fails, and runs the other added steps', async () => {
    const { result, outcomes, sink } = await run(fanOut(['a', 'b']), { fail: 'process[b]' });
    expect(result.status).toBe('failure');
    expect(outcomes).toEqual({
      split: 'success', sum: 'skipped', 'process[a]': 'success', 'double[a]': 'success', 'process[b]': 'failure', 'double[b]': 'skipped',
    });
    expect(sink.events.filter((event) => event.type === 'STEP_SKIPPED').map((event) => event.stepKey).sort()).toEqual(['double[b]', 'sum']);
  });

  it('releases the dependent at once when nothing is added', async () => {
    const { result, order } = await run(fanOut([]));
    expect(result.status).toBe('success');
    expect(order).toEqual(['split', 'sum']);
  });

  it('makes an added step wait for an unsettled step of the plan, and skips one whose dep failed', async () => {
    const expansion: PlanExpansion = { steps: [step('late[a]', ['split', 'slow']), step('doomed[a]', ['split', 'broken'])] };
    const sink = new MemoryEventSink();
    const order: string[] = [];
    const result = await runPlan({
      runId: 'r', sink,
      plan: buildExecutionPlan([step('split'), step('slow'), step('broken')]),
      runStep: async ({ step }) => {
        order.push(step.key);
        if (step.key === 'broken') throw new Error('no');
        if (step.key === 'slow') await sleep(30);
        else await sleep(5);
        return step.key === 'split' ? { expand: expansion } : undefined;
      },
    });
    expect(order.indexOf('late[a]')).toBeGreaterThan(order.indexOf('slow'));
    expect(result.steps.get('late[a]')).toBe('success');
    expect(result.steps.get('doomed[a]')).toBe('skipped');
    expect(order).not.toContain('doomed[a]');
  });

  it('fails the expanding step with PlanExpansionError when its expansion is invalid', async () => {
    const invalid: PlanExpansion = {
      steps: [step('sum'), step('x[a]', ['ghost']), step('y[a]', ['z[a]']), step('z[a]', ['y[a]'])],
      waitFor: new Map([['split', ['x[a]']], ['sum', ['elsewhere']]]),
    };
    const { result, sink, outcomes } = await run(invalid);
    expect(outcomes).toEqual({ split: 'failure', sum: 'skipped' });
    expect(result.status).toBe('failure');
    const failure = sink.events.find((event) => event.type === 'STEP_FAILURE')!;
    expect(failure.data).toMatchObject({ error: { name: PlanExpansionError.name } });
    expect(failure.message).toContain('sum: the plan already has this step');
    expect(failure.message).toContain('x[a]: depends on unknown step "ghost"');
    expect(failure.message).toContain('dependency cycle among: y[a], z[a]');
    expect(failure.message).toContain('split: is no longer waiting for its deps');
    expect(failure.message).toContain('sum: may only be told to wait for new steps, not "elsewhere"');
  });

  it('writes stepStartData on STEP_START only', async () => {
    const sink = new MemoryEventSink();
    await runPlan({
      runId: 'r', sink, plan: buildExecutionPlan([step('tagged')]),
      stepStartData: (s) => ({ tags: { team: s.key } }),
      retry: (_s, attempt) => (attempt === 1 ? { delayMs: 1 } : undefined),
      runStep: async ({ attempt }) => {
        if (attempt === 1) throw new Error('once');
      },
    });
    expect(sink.events.find((event) => event.type === 'STEP_START')?.data).toEqual({ tags: { team: 'tagged' }, attempt: 1 });
    expect(sink.events.find((event) => event.type === 'STEP_RESTARTED')?.data).toEqual({ attempt: 2 });
  });
});
