// orrery.yaml and workspace.yaml of this directory against the schemas the services load
// them with (@orrery/contracts). The services' loaders live in @orrery/platform, which a
// code location does not import; they add `${VAR}` interpolation, which these files do not
// use, so parsing the YAML and applying the schema is what the loaders do with them.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { instanceConfigSchema, workspaceConfigSchema } from '@orrery/contracts';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const projectDir = join(import.meta.dirname, '..');
const load = (file: string): unknown => parse(readFileSync(join(projectDir, file), 'utf8')) as unknown;

describe('the config files of the example', () => {
  it('orrery.yaml is a valid instance config: a process per run, local compute logs, backfills one at a time', () => {
    const text = readFileSync(join(projectDir, 'orrery.yaml'), 'utf8');
    expect(text).not.toContain('${'); // see the header comment: no interpolation to do
    const config = instanceConfigSchema.parse(load('orrery.yaml'));
    expect(config.runLauncher).toEqual({ type: 'process', envVars: [] });
    expect(config.runCoordinator).toMatchObject({ maxConcurrentRuns: 2, tagConcurrencyLimits: [{ key: 'orrery/backfill', limit: 1 }] });
    expect(config.computeLogs).toEqual({ type: 'local', baseDir: '.orrery/compute-logs' });
    expect(config.storage.url).toBeUndefined(); // the services' DATABASE_URL
  });

  it('workspace.yaml loads src/definitions.ts as my_orrery_project, relative to this directory', async () => {
    const config = workspaceConfigSchema.parse(load('workspace.yaml'));
    expect(config.loadFrom).toEqual([{ kind: 'module', module: 'src/definitions.ts', locationName: 'my_orrery_project', workingDirectory: undefined }]);
    const location = config.loadFrom[0]!;
    const module = resolve(projectDir, location.kind === 'module' ? location.module : '');
    expect(existsSync(module)).toBe(true);
    const loaded = (await import(module)) as { default: { snapshot: { assets: unknown[] } } };
    expect(loaded.default.snapshot.assets).toHaveLength(11);
  });

  it('the schemas really check: an unknown key or a bad launcher is refused', () => {
    expect(() => instanceConfigSchema.parse({ run_launcher: { type: 'process', pool_sise: 3 } })).toThrow();
    expect(() => workspaceConfigSchema.parse({ load_from: [{ module: 'src/definitions.py' }] })).toThrow();
  });
});
