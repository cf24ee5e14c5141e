import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewEvent } from '@orrery/core';
import {
  DynamicOut, DynamicOutput, FilesystemIOManager, In, InMemoryIOManager, asset, defineAssetJob, defineDefinitions, graph, job, op,
  silentLogger, type Definitions, type JobDefinition,
} from '@orrery/sdk';
import { MemoryEventSink } from '../event-sink.js';
import { executeRun, type ExecuteRunOptions } from './execute-run.js';

/** Runs `jobName` of `definitions`, returning the result with the events it emitted. */
async function run(definitions: Definitions, jobName: string, options: Partial<ExecuteRunOptions> = {}) {
  const sink = new MemoryEventSink();
  const result = await executeRun({ definitions, jobName, sink, ...options });
  const ofType = (type: NewEvent['type']) => sink.events.filter((event) => event.type === type);
  return { ...result, events: sink.events, ofType };
}

/**
 * extract → transform → load, counting the calls of each op; `transform` fails while
 * `failing.transform` is true, as a parent run that failed at op 2.
 */
function chain() {
  const calls = { extract: 0, transform: 0, load: 0 };
  const failing = { transform: true };
  const extract = op({ name: 'extract' }, () => {
    calls.extract += 1;
    return [1, 2, 3];
  });
  const transform = op({ name: 'transform', ins: { rows: In<number[]>() } }, (_context, { rows }) => {
    calls.transform += 1;
    if (failing.transform) throw new Error('warehouse unreachable');
    return rows.map((n) => n * 10);
  });
  const load = op({ name: 'load', ins: { rows: In<number[]>() } }, (_context, { rows }) => {
    calls.load += 1;
    return rows.reduce((a, b) => a + b, 0);
  });
  const etl = job({ name: 'etl' }, () => {
    load(transform(extract()));
  });
  return { calls, failing, etl, extract, transform, load };
}

const withResources = (jobs: JobDefinition[], ioManager: unknown) => defineDefinitions({ jobs, resources: { io_manager: ioManager } });

describe('executeRun: re-execution of an op job from failure', () => {
  let baseDir: string;
  beforeEach(async () => {
    baseDir = await mkdtemp(join(tmpdir(), 'orrery-reexecution-'));
  });
  afterEach(async () => {
    await rm(baseDir, { recursive: true, force: true });
  });

  it("re-runs only the selected steps, loading the unselected upstream's output from the parent run's storage", async () => {
    const { calls, failing, etl } = chain();
    const definitions = withResources([etl], new FilesystemIOManager({ baseDir }));
    const parent = await run(definitions, 'etl', { runId: 'parent' });
    expect(parent.status).toBe('FAILURE');
    expect(Object.fromEntries(parent.steps)).toEqual({ extract: 'success', transform: 'failure', load: 'skipped' });

    failing.transform = false;
    const child = await run(definitions, 'etl', { runId: 'child', stepSelection: ['transform', 'load'], parentRunId: 'parent' });
    expect(child.status).toBe('SUCCESS');
    expect(calls).toEqual({ extract: 1, transform: 2, load: 1 });
    expect(Object.fromEntries(child.steps)).toEqual({ transform: 'success', load: 'success' });
    expect(child.events.some((event) => event.stepKey === 'extract')).toBe(false);
    expect(child.ofType('RUN_START')[0]?.data).toEqual({ steps: 2, stepSelection: ['transform', 'load'], parentRunId: 'parent' });
    expect(child.ofType('LOADED_INPUT').map((event) => [event.stepKey, event.data?.upstreamStepKey, event.data?.upstreamRunId])).toEqual([
      ['transform', 'extract', 'parent'],
      ['load', 'transform', undefined],
    ]);
    // The child run stores only what its own steps produced; extract's output stays the parent's.
    expect((await readdir(join(baseDir, 'child'))).sort()).toEqual(['load', 'transform']);
    const stored = await new FilesystemIOManager({ baseDir }).loadInput({
      runId: 'test', stepKey: 'test', inputName: 'value', assetKey: undefined, partitionKeys: [],
      upstreamOutput: { runId: 'child', stepKey: 'load', outputName: 'result' }, log: silentLogger,
    });
    expect(stored).toBe(60);
  });

  it('fails to start, naming the input, when an unselected upstream is read without parentRunId', async () => {
    const { calls, etl } = chain();
    const result = await run(withResources([etl], new FilesystemIOManager({ baseDir })), 'etl', { stepSelection: ['transform', 'load'] });
    expect(result.status).toBe('FAILURE');
    expect(result.events).toHaveLength(1);
    expect(result.events[0]).toMatchObject({ type: 'RUN_FAILURE', data: { reason: 'JOB_INITIALIZATION_FAILURE', error: { name: 'ParentRunRequiredError' } } });
    expect(result.events[0]?.message).toContain('transform.rows (from extract.result)');
    expect(result.events[0]?.message).not.toContain('load.rows');
    expect(calls.transform).toBe(0);
  });

  it('needs no parent run when every selected input comes from a selected step', async () => {
    const { calls, failing, etl } = chain();
    failing.transform = false;
    const result = await run(withResources([etl], new InMemoryIOManager()), 'etl', { stepSelection: ['extract', 'transform'] });
    expect(result.status).toBe('SUCCESS');
    expect([...result.steps.keys()]).toEqual(['extract', 'transform']);
    expect(calls.load).toBe(0);
  });

  it('fails a selected step, naming the parent run, when the parent never stored the output it reads', async () => {
    const { etl, failing } = chain();
    failing.transform = false;
    const result = await run(withResources([etl], new FilesystemIOManager({ baseDir })), 'etl', { stepSelection: ['transform', 'load'], parentRunId: 'never_ran' });
    expect(result.status).toBe('FAILURE');
    expect(Object.fromEntries(result.steps)).toEqual({ transform: 'failure', load: 'skipped' });
    expect(result.ofType('STEP_FAILURE')[0]?.message).toContain('output result of step extract in run never_ran has no stored value');
  });

  it('fails to start on unknown step keys, naming each, and on an empty selection', async () => {
    const { calls, etl } = chain();
    const definitions = withResources([etl], new InMemoryIOManager());
    const unknown = await run(definitions, 'etl', { stepSelection: ['transform', 'nope', 'load[a]'], parentRunId: 'parent' });
    expect(unknown.status).toBe('FAILURE');
    expect(unknown.events.map((event) => event.type)).toEqual(['RUN_FAILURE']);
    expect(unknown.events[0]).toMatchObject({ data: { reason: 'JOB_INITIALIZATION_FAILURE', error: { name: 'UnknownStepSelectionError' } } });
    expect(unknown.events[0]?.message).toContain('job etl has no step nope, load[a]');

    const empty = await run(definitions, 'etl', { stepSelection: [], parentRunId: 'parent' });
    expect(empty.events[0]?.message).toContain('step selection of job etl is empty');
    expect(calls).toEqual({ extract: 0, transform: 0, load: 0 });
  });

  it('refuses a step selection for an asset job', async () => {
    const orders = asset({ key: 'orders' }, () => [1]);
    const definitions = defineDefinitions({ assets: [orders], jobs: [defineAssetJob({ name: 'refresh', selection: '*' })], resources: { io_manager: new InMemoryIOManager() } });
    const result = await run(definitions, 'refresh', { stepSelection: ['orders'], parentRunId: 'parent' });
    expect(result.status).toBe('FAILURE');
    expect(result.events).toHaveLength(1);
    expect(result.events[0]).toMatchObject({ type: 'RUN_FAILURE', data: { reason: 'JOB_INITIALIZATION_FAILURE', error: { name: 'StepSelectionOfAssetJobError' } } });
    expect(result.events[0]?.message).toContain('job refresh is an asset job');
  });

  it('selects aliased ops and ops inside graphs by alias path, loading their unselected inputs from the parent', async () => {
    const { calls, failing, extract, transform, load } = chain();
    const clean = graph({ name: 'clean', ins: { rows: In<number[]>() } }, ({ rows }) => transform(rows));
    const merge = op({ name: 'merge', ins: { parts: In<number[][]>() } }, (_context, { parts }) => parts.flat());
    const aliased = job({ name: 'aliased' }, () => {
      const rows = extract.alias('source')();
      load.alias('load_cleaned')(clean(rows));
      load.alias('load_merged')(merge({ parts: [rows, extract.alias('other_source')()] }));
    });
    const definitions = withResources([aliased], new InMemoryIOManager());
    const parent = await run(definitions, 'aliased', { runId: 'parent' });
    expect(Object.fromEntries(parent.steps)).toMatchObject({ 'clean.transform': 'failure', load_cleaned: 'skipped', load_merged: 'success' });

    failing.transform = false;
    const child = await run(definitions, 'aliased', { runId: 'child', stepSelection: ['clean.transform', 'load_cleaned', 'merge'], parentRunId: 'parent' });
    expect(child.status).toBe('SUCCESS');
    expect([...child.steps.keys()].sort()).toEqual(['clean.transform', 'load_cleaned', 'merge']);
    // The parent ran both extracts and load_merged; the child only load_cleaned.
    expect(calls).toEqual({ extract: 2, transform: 2, load: 2 });
    // A fan-in over unselected plain outputs loads each from the parent, in the order given.
    expect(child.ofType('LOADED_INPUT').filter((event) => event.stepKey === 'merge').map((event) => [event.data?.upstreamStepKey, event.data?.upstreamRunId])).toEqual([
      ['source', 'parent'],
      ['other_source', 'parent'],
    ]);
    expect(child.ofType('LOADED_INPUT').find((event) => event.stepKey === 'clean.transform')?.data).toMatchObject({ upstreamStepKey: 'source', upstreamRunId: 'parent' });
    expect(child.ofType('LOADED_INPUT').find((event) => event.stepKey === 'load_cleaned')?.data).toMatchObject({ upstreamStepKey: 'clean.transform' });
  });
});

describe('executeRun: re-execution over dynamic outputs', () => {
  const files = ['c', 'a', 'b'];
  /** split → process (mapped, reading a plain `settings` too) → sum (collect); `process[a]` fails while `failing.a`. */
  function dynamicJob() {
    const calls = { split: 0, settings: 0, process: [] as string[] };
    const failing = { a: true };
    const settings = op({ name: 'settings' }, () => {
      calls.settings += 1;
      return '!';
    });
    const split = op({ name: 'split', out: DynamicOut<string>() }, () => {
      calls.split += 1;
      return files.map((file) => DynamicOutput(file, file));
    });
    const process = op({ name: 'process', ins: { file: In<string>(), suffix: In<string>() } }, (context, { file, suffix }) => {
      calls.process.push(context.stepKey);
      if (failing.a && context.mappingKey === 'a') throw new Error('cannot read a');
      return file + suffix;
    });
    const sum = op({ name: 'sum', ins: { parts: In<string[]>() } }, (_context, { parts }) => parts.join(''));
    const filesJob = job({ name: 'files' }, () => {
      const suffix = settings();
      sum(split().map((file) => process({ file, suffix })).collect());
    });
    return { calls, failing, definitions: withResources([filesJob], new InMemoryIOManager()) };
  }

  it('re-runs the dynamic producer and every mapped item, loading a plain unselected input from the parent', async () => {
    const { calls, failing, definitions } = dynamicJob();
    const parent = await run(definitions, 'files', { runId: 'parent' });
    expect(Object.fromEntries(parent.steps)).toMatchObject({ 'process[a]': 'failure', sum: 'skipped', settings: 'success' });

    failing.a = false;
    calls.process = [];
    const child = await run(definitions, 'files', { runId: 'child', stepSelection: ['split', 'process[a]', 'sum'], parentRunId: 'parent' });
    expect(child.status).toBe('SUCCESS');
    expect(calls.settings).toBe(1);
    expect(calls.split).toBe(2);
    expect(calls.process.sort()).toEqual(['process[a]', 'process[b]', 'process[c]']);
    expect(child.events.some((event) => event.stepKey === 'settings')).toBe(false);
    const suffixLoads = child.ofType('LOADED_INPUT').filter((event) => event.data?.inputName === 'suffix');
    expect(suffixLoads.map((event) => event.data?.upstreamRunId)).toEqual(['parent', 'parent', 'parent']);
    expect(child.ofType('LOADED_INPUT').filter((event) => event.stepKey === 'sum').every((event) => event.data?.upstreamRunId === undefined)).toBe(true);
  });

  it('refuses a mapped step or a collect whose dynamic producer is not selected, naming it', async () => {
    const { calls, definitions } = dynamicJob();
    const mapped = await run(definitions, 'files', { stepSelection: ['process[a]', 'sum'], parentRunId: 'parent' });
    expect(mapped.status).toBe('FAILURE');
    expect(mapped.events[0]).toMatchObject({ type: 'RUN_FAILURE', data: { reason: 'JOB_INITIALIZATION_FAILURE', error: { name: 'UnselectedDynamicUpstreamError' } } });
    expect(mapped.events[0]?.message).toContain('process needs split');

    const collected = await run(definitions, 'files', { stepSelection: ['sum'], parentRunId: 'parent' });
    expect(collected.events[0]?.message).toContain('sum needs process');
    expect(calls).toEqual({ split: 0, settings: 0, process: [] });
  });
});
