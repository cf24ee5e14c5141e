import { describe, expect, it } from 'vitest';
import { resolveEnvVars } from './launcher-env.js';

describe('resolveEnvVars', () => {
  it('sets NAME=value, copies a bare NAME from the launcher, and keeps "=" in values', () => {
    const { env, problems } = resolveEnvVars(['LOG_LEVEL=debug', 'DATABASE_URL', 'EXTRA=a=b'], { DATABASE_URL: 'postgresql://db' });
    expect(problems).toEqual([]);
    expect(env).toEqual({ LOG_LEVEL: 'debug', DATABASE_URL: 'postgresql://db', EXTRA: 'a=b' });
  });

  it('reports every bad entry with its key path', () => {
    const { problems } = resolveEnvVars(['1BAD=x', 'ORRERY_RUN_ID=x', 'A=1', 'A=2', 'MISSING'], {});
    expect(problems.map((problem) => problem.keyPath)).toEqual([
      'run_launcher.env_vars[0]', 'run_launcher.env_vars[1]', 'run_launcher.env_vars[3]', 'run_launcher.env_vars[4]',
    ]);
    expect(problems[1]!.message).toContain('ORRERY_RUN_ID');
    expect(problems[3]!.message).toContain('not set');
  });
});
