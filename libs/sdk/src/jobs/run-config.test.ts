import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { graph } from '../ops/graph.js';
import { In, op } from '../ops/op.js';
import { job } from './job.js';
import { RunConfigError, configIsOptional, parseRunConfig, runConfigJsonSchema, runConfigSchema } from './run-config.js';

const extract = op({ name: 'extract', config: z.object({ url: z.string().url(), limit: z.number().int().default(100) }) }, () => [1]);
const load = op({ name: 'load', ins: { rows: In<number[]>() }, config: z.object({ table: z.string().default('out') }) }, () => undefined);
const inner = graph({ name: 'stage', ins: { rows: In<number[]>() } }, ({ rows }) => load(rows));
const etl = job({ name: 'etl', config: { ops: { stage: { ops: { load: { config: { table: 'final' } } } } } } }, () => {
  inner(extract());
});

describe('run config', () => {
  it('nests graph ops and marks only required configs as required in the JSON Schema', () => {
    const schema = runConfigJsonSchema(runConfigSchema(etl.configEntries)) as {
      required?: string[];
      properties: { ops: { required?: string[]; properties: Record<string, { required?: string[]; properties: Record<string, unknown> }> } };
      additionalProperties?: boolean;
    };
    expect(schema.required).toEqual(['ops']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.ops.required).toEqual(['extract']);
    expect(Object.keys(schema.properties.ops.properties).sort()).toEqual(['extract', 'stage']);
    const extractConfig = (schema.properties.ops.properties.extract!.properties.config as { required: string[]; properties: Record<string, { type: string; default?: unknown }> });
    expect(extractConfig.required).toEqual(['url']);
    expect(extractConfig.properties.limit).toMatchObject({ type: 'integer', default: 100 });
    expect(schema.properties.ops.properties.stage!.properties.ops).toBeDefined();
  });

  it('parses each step config, merging over the job default and filling schema defaults', () => {
    const parsed = parseRunConfig('etl', etl.configEntries, { ops: { extract: { config: { url: 'https://x.test/data' } } } }, etl.defaultRunConfig);
    expect(parsed.get('extract')).toEqual({ url: 'https://x.test/data', limit: 100 });
    expect(parsed.get('stage.load')).toEqual({ table: 'final' });
    const withoutDefault = parseRunConfig('etl', etl.configEntries, { ops: { extract: { config: { url: 'https://x.test' } } } });
    expect(withoutDefault.get('stage.load')).toEqual({ table: 'out' });
  });

  it('lists every problem, including misspelled op names', () => {
    let error: unknown;
    try {
      parseRunConfig('etl', etl.configEntries, { ops: { extract: { config: { url: 'nope', limit: 'x' } }, extarct: {} } });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RunConfigError);
    const issues = (error as RunConfigError).problems.issues.join('\n');
    expect(issues).toMatch(/ops\.extract\.config\.url/);
    expect(issues).toMatch(/ops\.extract\.config\.limit/);
    expect(issues).toMatch(/extarct/);
    expect(() => parseRunConfig('etl', etl.configEntries, {})).toThrow(/ops/);
  });

  it('tells optional configs from required ones', () => {
    expect(configIsOptional(z.object({ a: z.string().default('x') }))).toBe(true);
    expect(configIsOptional(z.object({ a: z.string() }))).toBe(false);
  });
});
