import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configError, useTempDir } from '../../test/config-support.js';
import { loadWorkspaceConfig } from './load-workspace-config.js';

const temp = useTempDir('orrery-workspace-config-');
const writeWorkspace = (text: string) => temp.write('workspace.yaml', text);

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
        module: join(temp.dir(), 'project/src/definitions.ts'),
        locationName: 'project',
        workingDirectory: temp.dir(),
      },
      { kind: 'package', package: '@acme/etl', locationName: 'acme_etl', workingDirectory: join(temp.dir(), 'packages/etl') },
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
    const path = join(temp.dir(), 'missing.yaml');
    const error = await configError(loadWorkspaceConfig({ path, env: {} }));
    expect(error.message).toBe(`${path} does not exist`);
  });
});
