// The global console in a real Node process (vitest replaces console in its workers):
// console.log/console.error inside a step land in its log; outside, on the process's stdout.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';

const RUN_ID = '5d0c1c1e-1111-4c2b-8e31-7f6a2d9c0e11';
let baseDir: string;

beforeAll(async () => {
  baseDir = await mkdtemp(join(tmpdir(), 'orrery-console-capture-'));
});

afterAll(async () => {
  await rm(baseDir, { recursive: true, force: true });
});

it('captures console.log and console.error of a step in a real process, and lets other output through', async () => {
  const managerModule = new URL('./create-compute-log-manager.ts', import.meta.url).href;
  const script = `
    const { createComputeLogManager } = await import(${JSON.stringify(managerModule)});
    const logs = createComputeLogManager({ type: 'local', baseDir: ${JSON.stringify(baseDir)} }, { teeToProcess: false });
    console.log('service line before');
    await logs.runInStepContext(logs.logKeyFor(${JSON.stringify(RUN_ID)}, 'greet'), async () => {
      console.log('hello from the step', { n: 1 });
      console.error('a warning from the step');
    });
    console.log('service line after');
    await logs.close();
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: import.meta.dirname });
  expect(stdout).toBe('service line before\nservice line after\n');
  expect(await readFile(join(baseDir, RUN_ID, 'greet.out'), 'utf8')).toBe("hello from the step { n: 1 }\n");
  expect(await readFile(join(baseDir, RUN_ID, 'greet.err'), 'utf8')).toBe('a warning from the step\n');
});
