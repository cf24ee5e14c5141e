import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configError, useTempDir } from '../../test/config-support.js';
import { loadInstanceConfig } from './load-instance-config.js';

const temp = useTempDir('orrery-instance-config-');
const writeConfig = (text: string) => temp.write('orrery.yaml', text);

describe('loadInstanceConfig', () => {
  it('lists a bad value and an unknown key in one message, in file order', async () => {
    const path = await writeConfig('run_coordinator:\n  max_concurrent_runs: ten\nstorage:\n  pool_sise: 20\n');
    const error = await configError(loadInstanceConfig({ path, env: {} }));
    expect(error.message).toBe(
      `${path} is invalid:\n  run_coordinator.max_concurrent_runs: expected a number, got "ten"\n  storage.pool_sise: unknown key`,
    );
    expect(error.path).toBe(path);
    expect(error.problems).toEqual([
      { keyPath: 'run_coordinator.max_concurrent_runs', message: 'expected a number, got "ten"' },
      { keyPath: 'storage.pool_sise', message: 'unknown key' },
    ]);
  });

  it('reports every problem of every kind together', async () => {
    const path = await writeConfig(
      [
        'storage:',
        '  url: ${DATABASE_URL}',
        'run_launcher:',
        '  type: docker',
        'run_coordinator:',
        '  tag_concurrency_limits:',
        '    - key: team',
        '      value: { apply_limit_per_unique_value: false }',
        '      limit: -1',
        'retention:',
        '  sensor:',
        '    purge_after_days: often',
        'telemetry:',
        '  enabled: maybe',
        '',
      ].join('\n'),
    );
    const error = await configError(loadInstanceConfig({ path, env: {} }));
    expect(error.problems).toEqual([
      { keyPath: 'storage.url', message: 'environment variable DATABASE_URL is not set (write ${DATABASE_URL:-default} to give a default)' },
      { keyPath: 'run_launcher.type', message: 'expected one of "nats", "process", "kubernetes", got "docker"' },
      { keyPath: 'run_coordinator.tag_concurrency_limits[0].value.apply_limit_per_unique_value', message: 'expected true, got false' },
      { keyPath: 'run_coordinator.tag_concurrency_limits[0].limit', message: 'must be at least 0, got -1' },
      { keyPath: 'retention.sensor.purge_after_days', message: 'expected a number or a mapping, got "often"' },
      { keyPath: 'telemetry.enabled', message: 'expected true or false, got "maybe"' },
    ]);
  });

  it('interpolates ${VAR} and ${VAR:-default}, then validates the result as numbers and booleans', async () => {
    const path = await writeConfig(
      [
        'storage:',
        '  url: postgresql://orrery:${PGPASSWORD}@${PGHOST:-localhost}:5432/orrery',
        '  pool_size: ${POOL_SIZE:-4}',
        'run_retries:',
        '  enabled: ${RETRIES}',
        'compute_logs:',
        '  type: local',
        '  base_dir: $${literal}',
        '',
      ].join('\n'),
    );
    const config = await loadInstanceConfig({ path, env: { PGPASSWORD: 's3cret', RETRIES: 'true', PGHOST: '' } });
    expect(config.storage.url).toBe('postgresql://orrery:s3cret@localhost:5432/orrery');
    expect(config.storage.poolSize).toBe(4);
    expect(config.runRetries.enabled).toBe(true);
    expect(config.computeLogs).toEqual({ type: 'local', baseDir: '${literal}' });
  });

  it('names the unset variable and the key path, once even when the schema would also reject the text', async () => {
    const path = await writeConfig('run_coordinator:\n  max_concurrent_runs: ${MAX_RUNS}\n');
    const error = await configError(loadInstanceConfig({ path, env: { OTHER: '1' } }));
    expect(error.problems).toEqual([
      {
        keyPath: 'run_coordinator.max_concurrent_runs',
        message: 'environment variable MAX_RUNS is not set (write ${MAX_RUNS:-default} to give a default)',
      },
    ]);
  });

  it('rejects an unknown top-level section', async () => {
    const path = await writeConfig('run_queue:\n  max_concurrent_runs: 5\n');
    const error = await configError(loadInstanceConfig({ path, env: {} }));
    expect(error.problems).toEqual([{ keyPath: 'run_queue', message: 'unknown key' }]);
  });

  it('gives the defaults for an empty file, a file of comments, and a section left empty', async () => {
    for (const text of ['', '# nothing yet\n', 'storage:\nrun_coordinator:\n  max_concurrent_runs:\n']) {
      const config = await loadInstanceConfig({ path: await writeConfig(text), env: {} });
      expect(config.storage.poolSize).toBe(10);
      expect(config.runCoordinator.maxConcurrentRuns).toBe(10);
      expect(config.runLauncher.type).toBe('nats');
    }
  });

  it('still reports a misspelled key that has no value', async () => {
    const path = await writeConfig('storage:\n  pool_sise:\n');
    const error = await configError(loadInstanceConfig({ path, env: {} }));
    expect(error.problems).toEqual([{ keyPath: 'storage.pool_sise', message: 'unknown key' }]);
  });

  it('gives the defaults when the file is missing, unless it is required', async () => {
    const path = join(temp.dir(), 'absent.yaml');
    const config = await loadInstanceConfig({ path, env: {} });
    expect(config.bus.prefix).toBe('orrery');
    const error = await configError(loadInstanceConfig({ path, env: {}, requireFile: true }));
    expect(error.message).toBe(`${path} does not exist`);
  });

  it('reports a path that cannot be read as a file', async () => {
    const path = join(temp.dir(), 'orrery.yaml');
    await mkdir(path);
    const error = await configError(loadInstanceConfig({ path, env: {} }));
    expect(error.message).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} cannot be read \\(EISDIR`));
  });

  it('reports YAML syntax errors with line and column', async () => {
    const path = await writeConfig('storage:\n  pool_size: 10\n pool_size: 20\nbus: [\n');
    const error = await configError(loadInstanceConfig({ path, env: {} }));
    expect(error.problems[0]).toEqual({ keyPath: '', line: 3, column: 1, message: 'All mapping items must start at the same column' });
    expect(error.problems[1]).toMatchObject({ keyPath: '', line: 5, column: 1 });
    expect(error.message.split('\n')[1]).toBe('  line 3, column 1: All mapping items must start at the same column');
  });

  it('reports a duplicate key as a syntax error at its line', async () => {
    const path = await writeConfig('bus:\n  prefix: a\nbus:\n  prefix: b\n');
    const error = await configError(loadInstanceConfig({ path, env: {} }));
    expect(error.problems).toEqual([{ keyPath: '', line: 3, column: 1, message: 'Map keys must be unique' }]);
  });

  it('rejects a file that is not a mapping', async () => {
    const error = await configError(loadInstanceConfig({ path: await writeConfig('- storage\n'), env: {} }));
    expect(error.message).toBe(`${join(temp.dir(), 'orrery.yaml')} is invalid:\n  (top level): expected a mapping, got a list`);
  });
});
