import { describe, expect, it } from 'vitest';
import { deriveLocationName, workspaceConfigSchema } from './workspace-config.js';

describe('workspaceConfigSchema', () => {
  it('parses module and package locations into a discriminated, camelCase form', () => {
    const config = workspaceConfigSchema.parse({
      load_from: [
        { module: 'examples/my-orrery-project/src/definitions.ts', location_name: 'mine', working_directory: 'examples' },
        { package: '@acme/etl-pipelines' },
      ],
    });
    expect(config.loadFrom).toEqual([
      { kind: 'module', module: 'examples/my-orrery-project/src/definitions.ts', locationName: 'mine', workingDirectory: 'examples' },
      { kind: 'package', package: '@acme/etl-pipelines', locationName: 'acme_etl_pipelines', workingDirectory: undefined },
    ]);
  });

  it('names a duplicate location name and the entry that used it first', () => {
    const result = workspaceConfigSchema.safeParse({
      load_from: [{ module: 'a/src/definitions.ts' }, { package: 'b' }, { module: 'other/a/index.ts' }],
    });
    expect(result.error?.issues.map((issue) => [issue.path, issue.message])).toEqual([
      [['load_from', 2, 'location_name'], 'duplicate location name "a" (also used by load_from[0]); set a distinct location_name'],
    ]);
  });

  it('requires exactly one of module and package', () => {
    const result = workspaceConfigSchema.safeParse({ load_from: [{ module: 'a.ts', package: 'a' }, { location_name: 'x' }] });
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([
      ['load_from', 0],
      ['load_from', 1],
    ]);
  });

  it('requires a non-empty list', () => {
    expect(workspaceConfigSchema.safeParse({ load_from: [] }).error?.issues[0]?.message).toBe('must list at least one code location');
    expect(workspaceConfigSchema.safeParse({}).error?.issues[0]?.message).toBe('required: a list of code locations');
  });

  it('rejects a location name that cannot be a NATS subject token', () => {
    const result = workspaceConfigSchema.safeParse({ load_from: [{ module: 'a.ts', location_name: 'a.b' }] });
    expect(result.error?.issues[0]?.path).toEqual(['load_from', 0, 'location_name']);
  });
});

describe('deriveLocationName', () => {
  it.each([
    ['examples/my-orrery-project/src/definitions.ts', 'my_orrery_project'],
    ['pipelines/sales.ts', 'sales'],
    ['./src/index.ts', 'index'],
    ['C:\\code\\billing\\dist\\main.js', 'billing'],
  ])('module %s → %s', (module, name) => {
    expect(deriveLocationName({ module })).toBe(name);
  });

  it('uses the package name without its scope marker', () => {
    expect(deriveLocationName({ package: '@acme/etl-pipelines' })).toBe('acme_etl_pipelines');
  });
});
