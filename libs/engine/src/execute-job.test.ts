import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  FilesystemIOManager, In, InMemoryIOManager, Output, StoredValueNotFoundError, asset, defineAssetJob, defineDefinitions, graph, job, op, resource,
} from '@orrery/sdk';
import { ExecuteJobUsageError, executeJob } from './execute-job.js';
import { StoredValueUnavailableError } from './in-process-run.js';

const extract = op({ name: 'extract', tags: { team: 'ingest' }, pool: 'source_db' }, (context) => {
  context.log.info('extracting', { rows: 3 });
  return [1, 2, 3];
});
const transform = op(
  { name: 'transform', ins: { rows: In<number[]>() }, config: z.object({ factor: z.number().default(2) }) },
  (context, { rows }) => Output(rows.map((n) => n * context.config.factor), { metadata: { rows: rows.length } }),
);
const load = op({ name: 'load', ins: { rows: In<number[]>() } }, (_context, { rows }) => rows.reduce((a, b) => a + b, 0));
const etl = job({ name: 'etl' }, () => {
  load(transform(extract()));
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('executeJob: op jobs', () => {
  it('runs extract → transform → load in order, passing values through the IO manager', async () => {
    const result = await executeJob(etl);
    expect(result.success).toBe(true);
    expect(await result.outputOf('transform')).toEqual([2, 4, 6]);
    expect(await result.outputOf('load')).toBe(12);
    const stepEvents = result.events.filter((event) => event.stepKey != null && event.type !== 'LOG_MESSAGE').map((event) => `${event.type} ${event.stepKey}`);
    expect(stepEvents).toEqual([
      'STEP_START extract', 'HANDLED_OUTPUT extract', 'STEP_SUCCESS extract',
      'STEP_START transform', 'LOADED_INPUT transform', 'HANDLED_OUTPUT transform', 'STEP_SUCCESS transform',
      'STEP_START load', 'LOADED_INPUT load', 'HANDLED_OUTPUT load', 'STEP_SUCCESS load',
    ]);
    expect(result.events[0]?.type).toBe('RUN_START');
    expect(result.events.at(-1)?.type).toBe('RUN_SUCCESS');
    expect(result.eventsOfType('LOADED_INPUT')[0]).toMatchObject({ data: { inputName: 'rows', upstreamStepKey: 'extract', upstreamOutputName: 'result', ioManager: 'io_manager' } });
    expect(result.eventsOfType('HANDLED_OUTPUT')[1]).toMatchObject({ stepKey: 'transform', data: { outputName: 'result', metadata: { rows: { type: 'int', value: 3 } } } });
    expect(result.eventsOfType('LOG_MESSAGE')[0]).toMatchObject({ stepKey: 'extract', message: 'extracting', data: { rows: 3 } });
    expect(result.eventsOfType('STEP_START')[0]?.data).toEqual({ op: 'extract', pool: 'source_db', tags: { team: 'ingest' }, attempt: 1 });
    expect(result.eventsOfType('STEP_START')[1]?.data).toEqual({ op: 'transform', attempt: 1 });
  });

  it('gives each op its config from the run config by alias path, and refuses a bad run config before any step', async () => {
    const clean = graph({ name: 'clean', ins: { rows: In<number[]>() } }, ({ rows }) => transform(rows));
    const nested = job({ name: 'nested' }, () => {
      const rows = extract();
      load.alias('load_plain')(transform(rows));
      load(clean(rows));
    });
    const result = await executeJob(nested, { runConfig: { ops: { transform: { config: { factor: 10 } }, clean: { ops: { transform: { config: { factor: 100 } } } } } } });
    expect(result.success).toBe(true);
    expect(await result.outputOf('load_plain')).toBe(60);
    expect(await result.outputOf('load')).toBe(600);
    expect(await result.outputOf('clean.transform')).toEqual([100, 200, 300]);

    const bad = await executeJob(nested, { runConfig: { ops: { clean: { ops: { transform: { config: { factor: 'x' } } } } } } });
    expect(bad.status).toBe('FAILURE');
    expect(bad.eventsOfType('STEP_START')).toHaveLength(0);
    expect(bad.events).toHaveLength(1);
    expect(bad.events[0]).toMatchObject({ type: 'RUN_FAILURE', data: { reason: 'JOB_INITIALIZATION_FAILURE' } });
    expect(bad.events[0]?.message).toContain('ops.clean.ops.transform.config.factor');
  });

  it('stores op outputs with a file IO manager per step, and hands on an op that returned nothing as undefined', async () => {
    const baseDir = await mkdtemp(join(tmpdir(), 'orrery-op-io-'));
    try {
      const received: unknown[] = [];
      const write = op({ name: 'write', ins: { rows: In<number[]>() } }, () => undefined);
      const notify = op({ name: 'notify', ins: { done: In<undefined>() } }, (_context, { done }) => void received.push(done));
      const result = await executeJob(job({ name: 'to_files' }, () => notify(write(extract()))), { resources: { io_manager: new FilesystemIOManager({ baseDir }) } });
      expect(result.success).toBe(true);
      expect(received).toEqual([undefined]);
      expect(await readdir(join(baseDir, result.runId))).toEqual(['extract']);
      expect(result.eventsOfType('HANDLED_OUTPUT').map((event) => event.stepKey)).toEqual(['extract']);
    } finally {
      await rm(baseDir, { recursive: true, force: true });
    }
  });

  it('fans in a list of outputs, in the order given', async () => {
    const source = op({ name: 'source' }, (context) => context.opName);
    const gather = op({ name: 'gather', ins: { parts: In<string[]>() } }, (_context, { parts }) => parts.join('+'));
    const fan = job({ name: 'fan' }, () => {
      gather([source.alias('zeta')(), source.alias('alpha')(), source()]);
    });
    const result = await executeJob(fan);
    expect(await result.outputOf('gather')).toBe('zeta+alpha+source');
    expect(result.eventsOfType('LOADED_INPUT').map((event) => event.data?.upstreamStepKey)).toEqual(['zeta', 'alpha', 'source']);
  });

  it("retries an op per the job's opRetry unless the op has its own policy", async () => {
    const calls = { shaky: 0, strict: 0 };
    const shaky = op({ name: 'shaky' }, () => {
      calls.shaky += 1;
      if (calls.shaky < 3) throw new Error(`shaky attempt ${calls.shaky}`);
      return calls.shaky;
    });
    const strict = op({ name: 'strict', retry: { maxRetries: 0 } }, () => {
      calls.strict += 1;
      throw new Error('strict fails');
    });
    const result = await executeJob(job({ name: 'retrying', opRetry: { maxRetries: 3, delay: 1 } }, () => [shaky(), strict()]));
    expect(result.steps.get('shaky')).toBe('success');
    expect(await result.outputOf('shaky')).toBe(3);
    expect(result.eventsOfType('STEP_UP_FOR_RETRY').map((event) => event.stepKey)).toEqual(['shaky', 'shaky']);
    expect(calls.strict).toBe(1);
    expect(result.events.at(-1)).toMatchObject({ type: 'RUN_FAILURE', data: { failedSteps: ['strict'] } });
  });

  it('cancels a running op job through its signal', async () => {
    const controller = new AbortController();
    let sawAbort = false;
    const wait = op({ name: 'wait' }, (context) => new Promise((_resolve, reject) => {
      context.signal.addEventListener('abort', () => {
        sawAbort = true;
        reject(new Error('stopped'));
      });
    }));
    const after = op({ name: 'after', ins: { x: In() } }, () => 'never');
    const pending = executeJob(job({ name: 'long' }, () => after(wait())), { signal: controller.signal });
    await sleep(20);
    controller.abort();
    const result = await pending;
    expect(result.status).toBe('CANCELED');
    expect(sawAbort).toBe(true);
    expect(Object.fromEntries(result.steps)).toEqual({ wait: 'canceled', after: 'skipped' });
    expect(result.events.at(-1)?.type).toBe('RUN_CANCELED');
  });

  it('fails an op that outlives the step timeout', async () => {
    const slow = op({ name: 'slow' }, (context) => new Promise((resolve) => context.signal.addEventListener('abort', () => resolve('late'))));
    const result = await executeJob(job({ name: 'slow_job' }, () => slow()), { stepTimeoutMs: 25 });
    expect(result.status).toBe('FAILURE');
    expect(result.eventsOfType('STEP_FAILURE')[0]?.message).toBe('step "slow" timed out after 25 ms');
    await expect(result.outputOf('slow')).rejects.toBeInstanceOf(StoredValueNotFoundError);
  });
});

describe('executeJob: targets and resources', () => {
  const warehouse = resource({ config: z.object({ url: z.string() }), setup: (config) => ({ url: config.url }) });
  const query = op({ name: 'query', resources: { warehouse } }, (context) => context.resources.warehouse.url);
  const reporting = job({ name: 'reporting' }, () => query());

  it('runs a job of Definitions by name, with its default IO manager swapped for memory', async () => {
    const definitions = defineDefinitions({ jobs: [reporting], resources: { warehouse: warehouse.configured({ url: 'pg://wh' }) } });
    const result = await executeJob(definitions, { jobName: 'reporting' });
    expect(result.success).toBe(true);
    expect(await result.outputOf('query')).toBe('pg://wh');
    expect(result.eventsOfType('RESOURCE_INIT_SUCCESS').map((event) => event.data?.resource).sort()).toEqual(['io_manager', 'warehouse']);

    const overridden = await executeJob(definitions, { jobName: 'reporting', resources: { warehouse: warehouse.configured({ url: 'pg://test' }) } });
    expect(await overridden.outputOf('query')).toBe('pg://test');
    const unknown = await executeJob(definitions, { jobName: 'nope' });
    expect(unknown.events.at(-1)?.message).toMatch(/job nope is not defined/);
  });

  it('keeps an IO manager the caller binds, and says values are not in memory', async () => {
    const store = new InMemoryIOManager();
    const result = await executeJob(reporting, { resources: { warehouse: warehouse.configured({ url: 'x' }), io_manager: store } });
    expect(result.success).toBe(true);
    expect(store.values.size).toBe(1);
    await expect(result.outputOf('query')).rejects.toBeInstanceOf(StoredValueUnavailableError);
    await expect(result.outputOf('query', 'missing')).rejects.toBeInstanceOf(ExecuteJobUsageError);
  });

  it('runs an asset job with the assets it selects from', async () => {
    const one = asset({ key: 'one' }, () => 1);
    const two = asset({ key: 'two', ins: { one } }, (_context, { one: value }) => value + 1);
    const result = await executeJob(defineAssetJob({ name: 'numbers', selection: '*' }), { assets: [one, two] });
    expect(result.success).toBe(true);
    expect(await result.valueOf('two')).toBe(2);
    await expect(result.outputOf('two')).rejects.toBeInstanceOf(ExecuteJobUsageError);
  });

  it('refuses a call it cannot serve', async () => {
    const definitions = defineDefinitions({ jobs: [etl] });
    await expect(executeJob(definitions, {} as { jobName: string })).rejects.toThrow(/give jobName/);
    await expect(executeJob(etl, { jobName: 'other' })).rejects.toBeInstanceOf(ExecuteJobUsageError);
  });
});
