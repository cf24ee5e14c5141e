import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { loadWorkspaceConfig } from './load-workspace-config.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'orrery-workspace-config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeWorkspace(text: string): Promise<string> {
  const path = join(dir, 'workspace.yaml');
  await writeFile(path, text);
  return path;
}

async function configError(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('loadWorkspaceConfig', () => {
  it('resolves module paths and working directories against the workspace file\'s directory', async () => {
    const path = await writeWorkspace(
      [
        'load_from:',
        '  - module: ${PROJECT:-project}/src/definitions.ts',
        '  - package: "@acme/etl"',
        '    working_directory: packages/etl',
        '',
      ].join('\n'),
    );
    const config = await loadWorkspaceConfig({ path, env: {} });
    expect(config.loadFrom).toEqual([
      {
        kind: 'module',
        module: join(dir, 'project/src/definitions.ts'),
        locationName: 'project',
        workingDirectory: dir,
      },
      { kind: 'package', package: '@acme/etl', locationName: 'acme_etl', workingDirectory: join(dir, 'packages/etl') },
    ]);
  });

  it('names a duplicate location name', async () => {
    const path = await writeWorkspace(
      ['load_from:', '  - module: a.ts', '    location_name: etl', '  - package: etl', ''].join('\n'),
    );
    const error = await configError(loadWorkspaceConfig({ path, env: {} }));
    expect(error.message).toBe(
      `${path} is invalid:\n  load_from[1].location_name: duplicate location name "etl" (also used by load_from[0]); set a distinct location_name`,
    );
  });

  it('lists every bad entry', async () => {
    const path = await writeWorkspace(
      ['load_from:', '  - module: etl.py', '  - python_file: etl.py', '  - {}', ''].join('\n'),
    );
    const error = await configError(loadWorkspaceConfig({ path, env: {} }));
    expect(error.problems).toEqual([
      { keyPath: 'load_from[0].module', message: 'expected a path to a .ts, .mts, .cts, .js, .mjs or .cjs file, got "etl.py"' },
      { keyPath: 'load_from[1].python_file', message: 'unknown key' },
      { keyPath: 'load_from[1]', message: 'set exactly one of "module" or "package"' },
      { keyPath: 'load_from[2]', message: 'set exactly one of "module" or "package"' },
    ]);
  });

  it('requires load_from, even in an empty file', async () => {
    const error = await configError(loadWorkspaceConfig({ path: await writeWorkspace(''), env: {} }));
    expect(error.problems).toEqual([{ keyPath: 'load_from', message: 'required: a list of code locations' }]);
  });

  it('requires the file to exist', async () => {
    const path = join(dir, 'missing.yaml');
    const error = await configError(loadWorkspaceConfig({ path, env: {} }));
    expect(error.message).toBe(`${path} does not exist`);
  });
});
