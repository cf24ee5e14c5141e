import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/config-error.js';
import { EnvError } from './env-error.js';
import { EX_CONFIG, exitOnConfigError } from './exit-on-config-error.js';

class Exited extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

function fakeProcess() {
  const written: string[] = [];
  return {
    written,
    options: {
      stderr: { write: (text: string) => written.push(text) },
      exit: (code: number): never => {
        throw new Exited(code);
      },
    },
  };
}

describe('exitOnConfigError', () => {
  it('prints an EnvError\'s message alone and exits 78', () => {
    const { written, options } = fakeProcess();
    const error = new EnvError([{ variable: 'DATABASE_URL', message: 'required (a postgresql:// URL)' }]);
    expect(() =>
      exitOnConfigError(() => {
        throw error;
      }, options),
    ).toThrow(new Exited(EX_CONFIG));
    expect(EX_CONFIG).toBe(78);
    expect(written).toEqual(['environment is invalid:\n  DATABASE_URL: required (a postgresql:// URL)\n']);
  });

  it('does the same for a ConfigError from an async function', async () => {
    const { written, options } = fakeProcess();
    const error = new ConfigError({ path: 'orrery.yaml', problems: [{ keyPath: 'storage.pool_sise', message: 'unknown key' }] });
    await expect(exitOnConfigError(() => Promise.reject(error), options)).rejects.toThrow(new Exited(78));
    expect(written).toEqual(['orrery.yaml is invalid:\n  storage.pool_sise: unknown key\n']);
  });

  it('returns the value when nothing is wrong, sync or async', async () => {
    const { written, options } = fakeProcess();
    expect(exitOnConfigError(() => 42, options)).toBe(42);
    await expect(exitOnConfigError(() => Promise.resolve('ok'), options)).resolves.toBe('ok');
    expect(written).toEqual([]);
  });

  it('lets any other error through untouched', () => {
    const { written, options } = fakeProcess();
    const bug = new TypeError('bug');
    expect(() =>
      exitOnConfigError(() => {
        throw bug;
      }, options),
    ).toThrow(bug);
    expect(written).toEqual([]);
  });
});
