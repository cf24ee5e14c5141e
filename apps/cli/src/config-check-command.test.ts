import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkConfigFiles } from './config-check-command.js';

function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'orrery-cli-')), name);
  writeFileSync(path, text);
  return path;
}

describe('orrery config check', () => {
  it('reports both files valid', async () => {
    const result = await checkConfigFiles({
      instancePath: tempFile('orrery.yaml', 'run_coordinator:\n  max_concurrent_runs: 4\n'),
      workspacePath: tempFile('workspace.yaml', 'load_from:\n  - module: defs.ts\n    location_name: etl\n'),
      env: {},
      requireInstanceFile: true,
    });
    expect(result.exitCode).toBe(0);
    expect(result.lines[0]).toContain('max concurrent runs: 4');
    expect(result.lines[1]).toContain('code locations: etl');
  });

  it('lists the problems of both files and exits 78', async () => {
    const result = await checkConfigFiles({
      instancePath: tempFile('orrery.yaml', 'run_coordinator:\n  max_concurrent_runs: ten\n'),
      workspacePath: tempFile('workspace.yaml', 'load_from: []\n'),
      env: {},
      requireInstanceFile: true,
    });
    expect(result.exitCode).toBe(78);
    expect(result.lines[0]).toContain('run_coordinator.max_concurrent_runs: expected a number, got "ten"');
    expect(result.lines[1]).toContain('load_from');
  });
});
