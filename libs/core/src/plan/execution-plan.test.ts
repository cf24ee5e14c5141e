import { describe, expect, it } from 'vitest';
import { buildExecutionPlan, InvalidExecutionPlanError, type PlanStep } from './execution-plan.js';
import { MinHeap } from '../shared/min-heap.js';

const step = (key: string, deps: string[] = []): PlanStep => ({ key, kind: 'asset', deps });

describe('buildExecutionPlan', () => {
  it('orders steps after their deps, smallest ready key first', () => {
    const plan = buildExecutionPlan([step('report', ['clean', 'orders']), step('clean', ['raw']), step('raw'), step('orders')]);
    expect(plan.steps.map((s) => s.key)).toEqual(['orders', 'raw', 'clean', 'report']);
    expect(plan.indexOf.get('clean')).toBe(2);
    expect(plan.dependents.get('raw')).toEqual(['clean']);
  });

  it('gives the same order whatever order the steps come in', () => {
    const steps = [step('d', ['b', 'c']), step('b', ['a']), step('c', ['a']), step('a')];
    const orders = [steps, [...steps].reverse()].map((list) => buildExecutionPlan(list).steps.map((s) => s.key));
    expect(orders[0]).toEqual(['a', 'b', 'c', 'd']);
    expect(orders[1]).toEqual(orders[0]);
  });

  it('reports duplicate keys, unknown deps and cycles together', () => {
    let error: unknown;
    try {
      buildExecutionPlan([step('a'), step('a'), step('b', ['ghost']), step('x', ['y']), step('y', ['x'])]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidExecutionPlanError);
    const { problems } = error as InvalidExecutionPlanError;
    expect(problems).toEqual([
      { stepKey: 'a', message: 'duplicate step key' },
      { stepKey: 'b', message: 'depends on unknown step "ghost"' },
      { stepKey: 'x', message: 'is part of a dependency cycle among: x, y' },
    ]);
    expect((error as Error).message).toContain('b: depends on unknown step "ghost"');
  });

  it('orders a 10,000-step chain and a 10,000-wide fan-out', () => {
    const chain = Array.from({ length: 10_000 }, (_, i) => step(`s${String(i).padStart(5, '0')}`, i === 0 ? [] : [`s${String(i - 1).padStart(5, '0')}`]));
    expect(buildExecutionPlan([...chain].reverse()).steps.at(-1)?.key).toBe('s09999');
    const fan = [step('root'), ...Array.from({ length: 10_000 }, (_, i) => step(`leaf${i}`, ['root'])), step('sink', Array.from({ length: 10_000 }, (_, i) => `leaf${i}`))];
    const plan = buildExecutionPlan(fan);
    expect(plan.steps[0]?.key).toBe('root');
    expect(plan.steps.at(-1)?.key).toBe('sink');
    expect(plan.steps).toHaveLength(10_002);
  });
});

describe('MinHeap', () => {
  it('pops in ascending order', () => {
    const heap = new MinHeap<string>();
    for (const item of ['m', 'c', 'x', 'a', 'c', 'q']) heap.push(item);
    const popped: string[] = [];
    for (let item = heap.pop(); item !== undefined; item = heap.pop()) popped.push(item);
    expect(popped).toEqual(['a', 'c', 'c', 'm', 'q', 'x']);
    expect(heap.size).toBe(0);
  });
});
