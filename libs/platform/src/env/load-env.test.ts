import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EnvError } from './env-error.js';
import { durationMs, logLevel, port, url } from './env-fields.js';
import { loadEnv } from './load-env.js';

const envSchema = z.object({
  DATABASE_URL: url(['postgresql']),
  PORT: port().default(3000),
  SHUTDOWN_GRACE_MS: durationMs().default(10_000),
  LOG_LEVEL: logLevel().default('info'),
  SERVICE_NAME: z.string().describe('the name reported in traces'),
});

function envError(fn: () => unknown): EnvError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return error as EnvError;
  }
  throw new Error('expected an EnvError');
}

describe('loadEnv', () => {
  it('parses the schema\'s variables, fills defaults, and ignores the rest', () => {
    const env = loadEnv(envSchema, { DATABASE_URL: 'postgresql://db/orrery', PORT: '8080', SERVICE_NAME: 'api', HOME: '/root' });
    expect(env).toEqual({
      DATABASE_URL: 'postgresql://db/orrery',
      PORT: 8080,
      SHUTDOWN_GRACE_MS: 10_000,
      LOG_LEVEL: 'info',
      SERVICE_NAME: 'api',
    });
  });

  it('lists every missing and bad variable by name with what was expected', () => {
    const error = envError(() => loadEnv(envSchema, { PORT: 'http', LOG_LEVEL: 'loud' }));
    expect(error.message).toBe(
      [
        'environment is invalid:',
        '  DATABASE_URL: required (a postgresql:// URL)',
        '  PORT: expected a port number 1-65535, got "http"',
        '  LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "loud"',
        '  SERVICE_NAME: required (the name reported in traces)',
      ].join('\n'),
    );
    expect(error.problems.map((problem) => problem.variable)).toEqual(['DATABASE_URL', 'PORT', 'LOG_LEVEL', 'SERVICE_NAME']);
  });

  it('treats an empty variable as unset', () => {
    const env = loadEnv(envSchema, { DATABASE_URL: 'postgresql://db/orrery', SERVICE_NAME: 'api', PORT: '' });
    expect(env.PORT).toBe(3000);
    const error = envError(() => loadEnv(envSchema, { DATABASE_URL: '', SERVICE_NAME: 'api' }));
    expect(error.problems).toEqual([{ variable: 'DATABASE_URL', message: 'required (a postgresql:// URL)' }]);
  });
});
