// Per-step overhead of the engine's scheduler (runPlan) on trivial steps: a 1,000-step
// linear chain and a 1,000-wide fan-out, events collected in memory.
import { buildExecutionPlan, type PlanStep } from '@orrery/core';
import { MemoryEventSink, runPlan } from '@orrery/engine';
import { measure, ms, type ResultRow } from './lib/measure.js';

const STEPS = 1000;
const chain: PlanStep[] = Array.from({ length: STEPS }, (_, i) => ({ key: `s${i}`, kind: 'op', deps: i === 0 ? [] : [`s${i - 1}`] }));
const fan: PlanStep[] = [
  { key: 'root', kind: 'op', deps: [] },
  ...Array.from({ length: STEPS - 2 }, (_, i): PlanStep => ({ key: `leaf${i}`, kind: 'op', deps: ['root'] })),
  { key: 'sink', kind: 'op', deps: Array.from({ length: STEPS - 2 }, (_, i) => `leaf${i}`) },
];

export async function run(): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  for (const [shape, steps] of [['1,000-step chain', chain], ['1,000-wide fan-out', fan]] as const) {
    const plan = buildExecutionPlan(steps);
    const result = await measure(shape, () => runPlan({ runId: 'bench', plan, sink: new MemoryEventSink(), runStep: async () => undefined }));
    const perStep = result.median / STEPS;
    rows.push({ benchmark: `scheduler overhead per trivial step, ${shape}`, figure: ms(perStep), goal: '≤ 1 ms', met: perStep <= 1 });
  }
  return rows;
}
