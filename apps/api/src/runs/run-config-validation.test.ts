import { describe, expect, it } from 'vitest';
import type { SnapshotAsset } from '@orrery/sdk';
import { implicitJobRunConfigSchema } from './implicit-job-config.js';
import { InvalidRunConfigError, deepMerge, resolveRunConfig } from './run-config-validation.js';

const schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  properties: {
    ops: {
      type: 'object',
      additionalProperties: false,
      required: ['load'],
      properties: {
        load: {
          type: 'object',
          additionalProperties: false,
          required: ['config'],
          properties: { config: { type: 'object', required: ['table'], properties: { table: { type: 'string' }, owner: { type: 'string', format: 'email' }, batch: { type: 'integer' } } } },
        },
      },
    },
  },
  required: ['ops'],
};

function issuesOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRunConfigError);
    return (error as InvalidRunConfigError).issues.map((issue) => `${issue.path}: ${issue.message}`);
  }
  return [];
}

describe('resolveRunConfig', () => {
  it('merges the submitted config over the job defaults, object by object', () => {
    const defaults = { ops: { load: { config: { table: 'orders', batch: 100 } } } };
    expect(resolveRunConfig('etl', schema, defaults, { ops: { load: { config: { batch: 5 } } } })).toEqual({ ops: { load: { config: { table: 'orders', batch: 5 } } } });
    expect(defaults.ops.load.config.batch).toBe(100);
  });

  it('lists every problem with its path under body.runConfig', () => {
    expect(issuesOf(() => resolveRunConfig('etl', schema, {}, { ops: { load: { config: { batch: 1.5, owner: 'nobody' } }, extra: {} } }))).toEqual([
      'body.runConfig.ops.extra: is not a known field',
      'body.runConfig.ops.load.config.table: is required',
      'body.runConfig.ops.load.config.owner: must match format "email"',
      'body.runConfig.ops.load.config.batch: must be integer',
    ]);
    expect(issuesOf(() => resolveRunConfig('etl', schema, {}, {}))).toEqual(['body.runConfig.ops: is required']);
  });

  it('replaces arrays and scalars instead of merging them', () => {
    expect(deepMerge({ a: [1, 2], b: { c: 1 } }, { a: [3], b: 'x' })).toEqual({ a: [3], b: 'x' });
    expect(deepMerge({ a: 1 }, undefined)).toEqual({ a: 1 });
  });
});

describe('implicitJobRunConfigSchema', () => {
  const assetWith = (key: string, stepName: string, configSchema?: Record<string, unknown>) =>
    ({ key: [key], computation: { stepName, ...(configSchema ? { configSchema } : {}) } }) as unknown as SnapshotAsset;

  it('requires the config of steps whose config has required fields, once per step, and nothing else', () => {
    const required = { type: 'object', properties: { n: { type: 'number' } }, required: ['n'] };
    const optional = { type: 'object', properties: { m: { type: 'number' } } };
    const built = implicitJobRunConfigSchema([assetWith('a', 'a', required), assetWith('b', 'b', optional), assetWith('big', 'split'), assetWith('small', 'split')]);
    expect(issuesOf(() => resolveRunConfig('__ASSET_JOB', built, {}, {}))).toEqual(['body.runConfig.ops: is required']);
    expect(resolveRunConfig('__ASSET_JOB', built, {}, { ops: { a: { config: { n: 1 } } } })).toEqual({ ops: { a: { config: { n: 1 } } } });
    expect(issuesOf(() => resolveRunConfig('__ASSET_JOB', built, {}, { ops: { a: { config: { n: 1 } }, split: { config: {} } } }))).toEqual([
      'body.runConfig.ops.split: is not a known field',
    ]);
  });
});
