import { describe, expect, it } from 'vitest';
import { DynamicOut, DynamicOutput, In, Out, graph, job, op, type RetryPolicyInput } from '@orrery/sdk';
import { executeJob } from '../execute-job.js';

// Emitted out of alphabetical order: collect follows the order of emission.
const files = ['c', 'a', 'b'];
const split = op({ name: 'split', out: DynamicOut<string>() }, () => files.map((file) => DynamicOutput(`${file}.csv`, file)));
const sum = op({ name: 'sum', ins: { sizes: In<number[]>() } }, (_context, { sizes }) => sizes);

/** A `process` op that records its mapping keys and fails per `fails(key, retryNumber)`. */
function processOp(fails: (key: string, retryNumber: number) => boolean, retry?: RetryPolicyInput) {
  const seen: string[] = [];
  const process = op({ name: 'process', ins: { file: In<string>() }, ...(retry ? { retry } : {}) }, (context, { file }) => {
    seen.push(`${context.stepKey}:${context.mappingKey}:${context.retryNumber}`);
    if (fails(context.mappingKey!, context.retryNumber)) throw new Error(`cannot read ${file}`);
    return file.length * 10 + files.indexOf(context.mappingKey!);
  });
  return { process, seen };
}

describe('executeJob: dynamic outputs', () => {
  it('runs a mapped op once per item as op[key] and collects the results in emission order', async () => {
    const { process, seen } = processOp(() => false);
    const result = await executeJob(job({ name: 'files' }, () => {
      sum(split().map((file) => process(file)).collect());
    }));
    expect(result.success).toBe(true);
    expect([...result.steps.keys()].sort()).toEqual(['process[a]', 'process[b]', 'process[c]', 'split', 'sum']);
    expect(seen.sort()).toEqual(['process[a]:a:0', 'process[b]:b:0', 'process[c]:c:0']);
    expect(await result.outputOf('sum')).toEqual([50, 51, 52]);
    expect(await result.outputOf('process[b]')).toBe(52);
    expect(await result.outputOf('split', 'result', 'a')).toBe('a.csv');
    expect(result.eventsOfType('HANDLED_OUTPUT').filter((event) => event.stepKey === 'split').map((event) => event.data?.mappingKey)).toEqual(files);
    expect(result.eventsOfType('LOADED_INPUT').filter((event) => event.stepKey === 'sum').map((event) => event.data?.upstreamStepKey)).toEqual(
      ['process[c]', 'process[a]', 'process[b]'],
    );
    const order = result.events.filter((event) => event.type === 'STEP_START').map((event) => event.stepKey);
    expect(order[0]).toBe('split');
    expect(order.at(-1)).toBe('sum');
  });

  it('chains maps inside a graph, and collects the dynamic output itself', async () => {
    const size = op({ name: 'size', ins: { file: In<string>() } }, (_context, { file }) => file.length);
    const double = op({ name: 'double', ins: { n: In<number>() } }, (context, { n }) => `${context.mappingKey}=${n * 2}`);
    const names = op({ name: 'names', ins: { all: In<string[]>() } }, (_context, { all }) => all.join(','));
    const gather = op({ name: 'gather', ins: { parts: In<string[]>() } }, (_context, { parts }) => parts);
    const perFile = graph({ name: 'per_file' }, () => {
      const items = split();
      names(items.collect());
      return gather(items.map((file) => size(file)).map((n) => double(n)).collect());
    });
    const result = await executeJob(job({ name: 'chained' }, perFile));
    expect(result.success).toBe(true);
    expect(await result.outputOf('gather')).toEqual(['c=10', 'a=10', 'b=10']);
    expect(await result.outputOf('names')).toBe('c.csv,a.csv,b.csv');
    expect(result.steps.get('double[a]')).toBe('success');
  });

  it('skips the collect step when a mapped step fails, and still runs the other items', async () => {
    const { process } = processOp((key) => key === 'a');
    const result = await executeJob(job({ name: 'failing' }, () => {
      sum(split().map((file) => process(file)).collect());
    }));
    expect(result.status).toBe('FAILURE');
    expect(Object.fromEntries(result.steps)).toMatchObject({ 'process[a]': 'failure', 'process[b]': 'success', 'process[c]': 'success', sum: 'skipped' });
    expect(result.eventsOfType('STEP_FAILURE')[0]).toMatchObject({ stepKey: 'process[a]', message: 'cannot read a.csv' });
    expect(result.events.at(-1)).toMatchObject({ type: 'RUN_FAILURE', data: { failedSteps: ['process[a]'] } });
  });

  it('retries a failing mapped step on its own and collects every item once it succeeds', async () => {
    const { process, seen } = processOp((key, retryNumber) => key === 'a' && retryNumber < 2, { maxRetries: 2, delay: 1 });
    const result = await executeJob(job({ name: 'retrying' }, () => {
      sum(split().map((file) => process(file)).collect());
    }));
    expect(result.success).toBe(true);
    expect(result.eventsOfType('STEP_UP_FOR_RETRY').map((event) => event.stepKey)).toEqual(['process[a]', 'process[a]']);
    expect(seen.filter((entry) => entry.startsWith('process[a]'))).toEqual(['process[a]:a:0', 'process[a]:a:1', 'process[a]:a:2']);
    expect(await result.outputOf('sum')).toEqual([50, 51, 52]);
  });

  it('with no items, runs no mapped step and collects an empty list (as Dagster does)', async () => {
    const none = op({ name: 'none', out: DynamicOut<string>() }, () => []);
    const { process, seen } = processOp(() => false);
    const result = await executeJob(job({ name: 'empty' }, () => {
      sum(none().map((file) => process(file)).collect());
    }));
    expect(result.success).toBe(true);
    expect(seen).toEqual([]);
    expect([...result.steps.keys()]).toEqual(['none', 'sum']);
    expect(await result.outputOf('sum')).toEqual([]);
  });

  it('holds a mapped step until an op outside the map it also reads has run', async () => {
    const settings = op({ name: 'settings' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      return '!';
    });
    const mark = op({ name: 'mark', ins: { file: In<string>(), suffix: In<string>() } }, (_context, { file, suffix }) => file + suffix);
    const result = await executeJob(job({ name: 'with_settings' }, () => {
      const suffix = settings();
      split().map((file) => mark({ file, suffix }));
    }));
    expect(result.success).toBe(true);
    expect(await result.outputOf('mark[b]')).toBe('b.csv!');
    const starts = result.eventsOfType('STEP_START').map((event) => event.stepKey);
    const settled = result.events.findIndex((event) => event.type === 'STEP_SUCCESS' && event.stepKey === 'settings');
    expect(result.events.findIndex((event) => event.type === 'STEP_START' && event.stepKey === 'mark[a]')).toBeGreaterThan(settled);
    expect(starts.filter((key) => key?.startsWith('mark['))).toHaveLength(3);
  });

  it('resolves two dynamic outputs of one op into their own mapped steps', async () => {
    const both = op({ name: 'both', outs: { left: DynamicOut<number>(), count: Out<number>() } }, () => ({
      left: [DynamicOutput(1, 'x'), DynamicOutput(2, 'y')],
      count: 2,
    }));
    const inc = op({ name: 'inc', ins: { n: In<number>() } }, (_context, { n }) => n + 1);
    const total = op({ name: 'total', ins: { values: In<number[]>(), count: In<number>() } }, (_context, { values, count }) => values.length === count);
    const result = await executeJob(job({ name: 'two_outputs' }, () => {
      const { left, count } = both();
      total({ values: left.map((n) => inc(n)).collect(), count });
    }));
    expect(await result.outputOf('total')).toBe(true);
    expect(await result.outputOf('inc[y]')).toBe(3);
  });
});
