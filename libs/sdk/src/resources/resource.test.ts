import { describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import { z } from 'zod';
import { configToJson, env, secret } from './env-var.js';
import { resolveResourceConfig } from './resolve-resource-config.js';
import { ResourceConfigError, resource, valueResource } from './resource.js';
import { resourceGraphProblems, resourceInitOrder } from './resource-graph.js';

const database = resource({
  config: z.object({ url: z.string().startsWith('postgres://'), poolSize: z.coerce.number().int().default(5), password: z.string() }),
  setup: (config) => ({ ...config }),
});

describe('resources and env references', () => {
  it('resolves env references from the injected map and parses with the schema', () => {
    const bound = database.configured({ url: env('DB_URL'), poolSize: env('DB_POOL'), password: secret('hunter2') });
    expect(bound.resolveConfig({ DB_URL: 'postgres://db/app', DB_POOL: '12' })).toEqual({ url: 'postgres://db/app', poolSize: 12, password: 'hunter2' });
  });

  it('lists every missing variable and schema problem in one error', () => {
    const bound = database.configured({ url: env('DB_URL'), poolSize: env('DB_POOL'), password: 'x' });
    try {
      bound.resolveConfig({}, 'db');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ResourceConfigError);
      expect((error as ResourceConfigError).problems.missingEnv).toEqual(['DB_POOL', 'DB_URL']);
      expect((error as Error).message).toMatch(/^resource db config: environment variable DB_POOL is not set/);
    }
    expect(() => database.configured({ url: 'mysql://x', password: 'p' }).resolveConfig({})).toThrow(/url/);
  });

  it('checks literal values at load time but not env references', () => {
    expect(database.configured({ url: env('DB_URL'), password: env('DB_PASSWORD') }).checkConfig()).toEqual([]);
    expect(database.configured({ url: 'mysql://x', password: env('P') }).checkConfig()).toEqual([expect.stringMatching(/^url: /)]);
    expect(database.configured({ url: env('U') } as never).checkConfig()).toEqual([expect.stringMatching(/^password: /)]);
  });

  it('keeps env names and hides secrets in the JSON form, and never prints a secret', () => {
    const bound = database.configured({ url: env('DB_URL'), password: secret('hunter2') });
    expect(bound.configJson()).toEqual({ password: { secret: true }, url: { env: 'DB_URL' } });
    expect(JSON.stringify(bound.configJson())).not.toContain('hunter2');
    expect(inspect(secret('hunter2'))).toBe('[secret]');
    expect(JSON.stringify({ a: secret('hunter2') })).toBe('{"a":{"secret":true}}');
    expect(() => configToJson({ fn: () => 1 })).toThrow(/\$\.fn is a function/);
    expect(() => env('1BAD')).toThrow(/environment variable name/);
  });

  it('resolveResourceConfig replaces references without a schema', () => {
    expect(resolveResourceConfig({ a: [env('A'), 'lit'], b: { c: secret(3) } }, { A: 'x' })).toEqual({ a: ['x', 'lit'], b: { c: 3 } });
    expect(() => resolveResourceConfig({ a: env('A') }, {})).toThrow(/A is not set/);
  });

  it('wraps plain values and recognises IO managers among them', () => {
    expect(valueResource({ get: () => 1 }).role).toBe('resource');
    const io = valueResource({ handleOutput: async () => undefined, loadInput: async () => 1 });
    expect(io.role).toBe('io_manager');
    expect(io.fromValue).toBe(true);
  });
});

describe('resource dependencies', () => {
  const r = (dependsOn: string[]) => ({ dependsOn });

  it('reports unknown dependencies and cycles with their path', () => {
    expect(resourceGraphProblems({ a: r(['b']), b: r(['c']), c: r(['a']), d: r(['nope']) })).toEqual([
      { type: 'unknown_dependency', resource: 'd', dependency: 'nope' },
      { type: 'cycle', path: ['a', 'b', 'c', 'a'] },
    ]);
    expect(resourceGraphProblems({ a: r(['b']), b: r([]) })).toEqual([]);
  });

  it('orders setup dependencies first, only for what is needed', () => {
    expect(resourceInitOrder({ api: r(['creds', 'http']), creds: r([]), http: r(['creds']), unused: r([]) }, ['api'])).toEqual(['creds', 'http', 'api']);
  });
});
