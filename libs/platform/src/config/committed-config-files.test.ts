import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInstanceConfig, parseInstanceConfig } from './load-instance-config.js';
import { loadWorkspaceConfig, parseWorkspaceConfig } from './load-workspace-config.js';

const repoRoot = join(import.meta.dirname, '../../../..');

describe('the config files committed at the repository root', () => {
  it('orrery.yaml loads with an empty environment (every reference has a default)', async () => {
    const config = await loadInstanceConfig({ path: join(repoRoot, 'orrery.yaml'), env: {}, requireFile: true });
    expect(config.runLauncher.type).toBe('nats');
    expect(config.computeLogs.type).toBe('local');
  });

  it('orrery.yaml takes its values from the environment where it references it', async () => {
    const config = await loadInstanceConfig({
      path: join(repoRoot, 'orrery.yaml'),
      env: { ORRERY_MAX_CONCURRENT_RUNS: '3' },
      requireFile: true,
    });
    expect(config.runCoordinator.maxConcurrentRuns).toBe(3);
  });

  it('workspace.yaml loads the example project as my_orrery_project', async () => {
    const config = await loadWorkspaceConfig({ path: join(repoRoot, 'workspace.yaml'), env: {} });
    expect(config.loadFrom).toEqual([
      {
        kind: 'module',
        module: join(repoRoot, 'examples/my-orrery-project/src/definitions.ts'),
        locationName: 'my_orrery_project',
        workingDirectory: repoRoot,
      },
    ]);
  });

  it('every example in docs/configuration.md is valid', async () => {
    const docs = await readFile(join(repoRoot, 'docs/configuration.md'), 'utf8');
    // Examples are ```yaml blocks whose first line names the file: "# orrery.yaml ...".
    const blocks = [...docs.matchAll(/```yaml\n(# (orrery|workspace)\.yaml[^\n]*\n[\s\S]*?)```/g)];
    expect(blocks.map((block) => block[2])).toEqual(expect.arrayContaining(['orrery', 'workspace']));
    // The variables the examples reference without a default.
    const env = { DATABASE_URL: 'postgresql://orrery:pw@db:5432/orrery', S3_ACCESS_KEY_ID: 'id', S3_SECRET_ACCESS_KEY: 'secret' };
    for (const [, text = '', kind] of blocks) {
      const parse = kind === 'orrery' ? parseInstanceConfig : parseWorkspaceConfig;
      expect(() => parse(text, { path: `docs/configuration.md (${kind}.yaml example)`, env }), text).not.toThrow();
    }
  });
});
