// Engine overhead per trivial step: a 1,000-asset chain materialized in process, each step
// loading its parent from the in-memory IO manager and storing its value (goal ≤ 1 ms).
import { materialize } from '@orrery/engine';
import { measure, ms, type ResultRow } from './lib/measure.js';
import { assetChain } from './lib/synthetic-definitions.js';

const STEPS = 1000;

export async function run(): Promise<ResultRow[]> {
  const chain = assetChain(STEPS);
  let events = 0;
  const result = await measure('engine', async () => {
    const outcome = await materialize(chain);
    if (!outcome.success) throw new Error('benchmark run failed');
    events = outcome.events.length;
  }, { iterations: 7, warmup: 2 });
  const perStep = result.median / STEPS;
  return [{
    benchmark: `engine overhead per trivial step, 1,000-asset chain in process (${events} events per run)`,
    figure: ms(perStep), goal: '≤ 1 ms', met: perStep <= 1,
  }];
}
