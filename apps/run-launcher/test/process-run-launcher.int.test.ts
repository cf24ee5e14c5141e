// The process launcher spawning a real child (a small recording script standing in for the executor).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { instanceConfigSchema } from '@orrery/contracts';
import { createRunLauncher, defaultExecutorCommand } from '../src/launchers/create-run-launcher.js';
import { ProcessRunLauncher } from '../src/launchers/process-run-launcher.js';
import { captureLogger, FakeClock } from './helpers.js';

const script = join(import.meta.dirname, 'fixtures', 'record-launch.mjs');

function recordFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'orrery-process-launcher-')), 'record.txt');
}

function run(runId = randomUUID()) {
  return { runId, jobName: 'job', locationName: 'loc', tags: {} };
}

async function waitFor(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 10));
}

async function launcherFromConfig(envVars: string[], launcherEnv: Record<string, string>, logger = captureLogger().logger) {
  const config = instanceConfigSchema.parse({
    run_launcher: { type: 'process', executor_command: [process.execPath, script], env_vars: envVars },
  }).runLauncher;
  return createRunLauncher({ config, bus: { publishLaunch: async () => ({ stream: '', seq: 0, duplicate: false }) }, clock: new FakeClock(), logger, launcherEnv });
}

describe('ProcessRunLauncher', () => {
  it('spawns executor_command + run id with the launcher env, env_vars and the run variables, and logs its output', async () => {
    const file = recordFile();
    const { logger, lines } = captureLogger();
    const launcher = (await launcherFromConfig(['EXTRA_SETTING=on', 'RECORD_FILE'], { RECORD_FILE: file, INHERITED_FROM_LAUNCHER: 'yes', PATH: process.env.PATH ?? '' }, logger)) as ProcessRunLauncher;
    const target = run();
    await launcher.launch(target, 3);
    await waitFor(() => lines.some((line) => line['msg'] === 'run process exited'));

    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      argv: [target.runId], runId: target.runId, attempt: '3', extra: 'on', inherited: 'yes',
    });
    const stdout = lines.find((line) => line['stream'] === 'stdout');
    expect(stdout).toMatchObject({ msg: `executing ${target.runId}`, runId: target.runId, attempt: 3 });
    expect(lines.find((line) => line['stream'] === 'stderr')).toMatchObject({ msg: 'a warning on stderr', level: 40 });
    expect(lines.find((line) => line['msg'] === 'run process exited')).toMatchObject({ exitCode: 0 });
    expect(launcher.runningAttempts).toEqual([]);
  });

  it('starts one process per attempt however often the launch is repeated, and stop() ends it with SIGTERM', async () => {
    const file = recordFile();
    const launcher = new ProcessRunLauncher({
      command: [process.execPath, script], env: { RECORD_FILE: file, HOLD: '1' }, logger: captureLogger().logger,
    });
    const target = run();
    await launcher.launch(target, 1);
    await launcher.launch(target, 1);
    expect(launcher.runningAttempts).toEqual([`${target.runId}:1`]);
    await waitFor(() => readFileSync(file, { encoding: 'utf8', flag: 'a+' }).length > 0);
    await launcher.stop();
    expect(readFileSync(file, 'utf8').trim().split('\n').at(-1)).toBe('SIGTERM');
    expect(launcher.runningAttempts).toEqual([]);
    await expect(launcher.launch(run(), 1)).rejects.toThrow(/stopping/);
  });

  it('rejects a launch whose command cannot be spawned (transient: the run stays STARTING)', async () => {
    const launcher = new ProcessRunLauncher({ command: ['/nonexistent/orrery-executor'], env: {}, logger: captureLogger().logger });
    await expect(launcher.launch(run(), 1)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses to start with env_vars that cannot be resolved', async () => {
    await expect(launcherFromConfig(['MISSING_VAR'], {})).rejects.toThrow(/run_launcher\.env_vars\[0\]: copies MISSING_VAR/);
  });

  it('defaults to the executor of this checkout, next to the run-launcher', () => {
    const [node, main] = defaultExecutorCommand();
    expect(node).toBe(process.execPath);
    expect(main).toBe(join(import.meta.dirname, '..', '..', 'executor', 'dist', 'main.js'));
  });
});
