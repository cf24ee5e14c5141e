// ComputeLogManager with local files (real files in a temp dir): stdout/stderr attribution
// by async context, pass-through outside steps, and the engine's context.log lines.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { executeRun, materialize, type EventSink } from '@orrery/engine';
import { asset, DEFAULT_IO_MANAGER_KEY, defineAssetJob, defineDefinitions, InMemoryIOManager } from '@orrery/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComputeLogManager } from './compute-log-manager.js';
import { createComputeLogManager, readComputeLog } from './create-compute-log-manager.js';
import { LocalLogFiles } from './local-log-files.js';
import { parseLogKey, streamPath } from './log-key.js';
import { stepOutputAround } from './step-output-around.js';

const RUN_ID = '0b5f7c1e-9d4a-4c2b-8e31-7f6a2d9c0e11';
let baseDir: string;

/** Chunks with this marker that reached the process's stdout, recorded instead of printed. */
const reachedStdout: string[] = [];
const MARK = '«compute-log-test»';
const realWrite = process.stdout.write;

beforeAll(async () => {
  baseDir = await mkdtemp(join(tmpdir(), 'orrery-compute-logs-'));
  // Installed before the capture wraps stdout, so it stands for "the real stream".
  process.stdout.write = function recordMarked(this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
    if (typeof chunk === 'string' && chunk.includes(MARK)) {
      reachedStdout.push(chunk);
      return true;
    }
    return (realWrite as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as NodeJS.WriteStream['write'];
});

afterAll(async () => {
  await rm(baseDir, { recursive: true, force: true });
});

function manager(teeToProcess: boolean): ComputeLogManager {
  return new ComputeLogManager({ files: new LocalLogFiles(baseDir), teeToProcess });
}

describe('ComputeLogManager (local files)', () => {
  it('captures a step\'s stdout and stderr, including from its timers and promises; other output passes through', async () => {
    const logs = manager(false);
    const logKey = logs.logKeyFor(RUN_ID, 'extract');
    process.stdout.write(`${MARK} before the step\n`);
    const result = await logs.runInStepContext(logKey, async () => {
      process.stdout.write(`${MARK} out 1\n`);
      process.stderr.write(Buffer.from('err 1\n'));
      await new Promise<void>((resolve) => setTimeout(() => {
        process.stdout.write(`${MARK} out from a timer\n`);
        resolve();
      }, 1));
      await Promise.resolve().then(() => process.stdout.write(`${MARK} out from a promise\n`));
      return 42;
    });
    process.stdout.write(`${MARK} after the step\n`);
    expect(result).toBe(42);
    expect(await logs.readComputeLog(logKey, 'stdout')).toBe(`${MARK} out 1\n${MARK} out from a timer\n${MARK} out from a promise\n`);
    expect(await logs.readComputeLog(logKey, 'stderr')).toBe('err 1\n');
    // Not teed: only the writes outside the step reached the real stream.
    expect(reachedStdout).toEqual([`${MARK} before the step\n`, `${MARK} after the step\n`]);
  });

  it('tees step output to the real stream when asked', async () => {
    reachedStdout.length = 0;
    const logs = manager(true);
    const logKey = logs.logKeyFor(RUN_ID, 'teed');
    await logs.runInStepContext(logKey, () => process.stdout.write(`${MARK} teed\n`));
    expect(reachedStdout).toEqual([`${MARK} teed\n`]);
    expect(await logs.readComputeLog(logKey, 'stdout')).toBe(`${MARK} teed\n`);
  });

  it('keeps the output of concurrent steps apart', async () => {
    const logs = manager(false);
    const step = (name: string) => logs.runInStepContext(logs.logKeyFor(RUN_ID, name), async () => {
      for (let i = 0; i < 5; i += 1) {
        process.stdout.write(`${name} ${i}\n`);
        await new Promise((resolve) => setImmediate(resolve));
      }
    });
    await Promise.all([step('left'), step('right')]);
    const expected = (name: string) => [0, 1, 2, 3, 4].map((i) => `${name} ${i}\n`).join('');
    expect(await logs.readComputeLog(logs.logKeyFor(RUN_ID, 'left'), 'stdout')).toBe(expected('left'));
    expect(await logs.readComputeLog(logs.logKeyFor(RUN_ID, 'right'), 'stdout')).toBe(expected('right'));
  });

  it('rethrows the step\'s error after saving what it wrote', async () => {
    const logs = manager(false);
    const logKey = logs.logKeyFor(RUN_ID, 'broken');
    await expect(logs.runInStepContext(logKey, () => {
      process.stderr.write('about to fail\n');
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect(await logs.readComputeLog(logKey, 'stderr')).toBe('about to fail\n');
    expect(await logs.readComputeLog(logKey, 'stdout')).toBeNull();
  });

  it('stores the engine\'s context.log lines in the step\'s stderr log, as files named <runId>/<stepKey>', async () => {
    const logs = createComputeLogManager({ type: 'local', baseDir }, { teeToProcess: false });
    const chatty = asset({ key: 'chatty' }, (context) => {
      context.log.info('loaded rows', { rows: 3 });
      return 3;
    });
    const outcome = await materialize([chatty], { computeLogs: logs });
    await logs.close();
    const logKey = logs.logKeyFor(outcome.runId, 'chatty');
    const stderr = await readComputeLog({ type: 'local', baseDir }, logKey, 'stderr');
    expect(stderr).toMatch(/^\S+ INFO +loaded rows \{"rows":3\}\n$/);
    expect(await readdir(join(baseDir, outcome.runId))).toEqual(['chatty.err']);
  });

  it('captures what each step of an engine run writes, through the engine\'s wrapStep', async () => {
    const logs = manager(false);
    const runId = '3f2a6f0e-8b1c-4d7e-9a55-0c4b7e2d1f90';
    const extract = asset({ key: 'extract' }, (context) => {
      process.stdout.write('extract prints\n');
      context.log.info('extract logs');
      return 1;
    });
    const load = asset({ key: 'load', deps: ['extract'] }, () => {
      process.stderr.write('load complains\n');
    });
    const definitions = defineDefinitions({
      assets: [extract, load], resources: { [DEFAULT_IO_MANAGER_KEY]: new InMemoryIOManager() }, jobs: [defineAssetJob({ name: 'etl', selection: '*' })] });
    const failures: string[] = [];
    const sink: EventSink = { emit: (event) => { if (event.level === 'ERROR') failures.push(event.message ?? ''); } };
    const result = await executeRun({ definitions, jobName: 'etl', runId, sink, computeLogs: logs, wrapStep: stepOutputAround(logs, runId) });
    expect(failures).toEqual([]);
    expect(result.status).toBe('SUCCESS');
    expect(await logs.readComputeLog(`${runId}/extract`, 'stdout')).toBe('extract prints\n');
    expect(await logs.readComputeLog(`${runId}/extract`, 'stderr')).toMatch(/^\S+ INFO +extract logs\n$/);
    expect(await logs.readComputeLog(`${runId}/load`, 'stderr')).toBe('load complains\n');
    expect(await logs.readComputeLog(`${runId}/load`, 'stdout')).toBeNull();
  });

  it('names files after the step key, one path segment even for check and dynamic steps', async () => {
    expect(streamPath(`${RUN_ID}/check:weather/daily:rows_present`, 'stdout')).toBe(`${RUN_ID}/check:weather%2Fdaily:rows_present.out`);
    expect(streamPath(`${RUN_ID}/process[a.csv]`, 'stderr')).toBe(`${RUN_ID}/process[a.csv].err`);
    expect(streamPath(`${RUN_ID}/..`, 'stdout')).toBe(`${RUN_ID}/%2E..out`);
    expect(parseLogKey(`${RUN_ID}/check:weather/daily:x`)).toEqual({ runId: RUN_ID, stepKey: 'check:weather/daily:x' });
    expect(() => parseLogKey('no-step')).toThrow(TypeError);
  });
});
