import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatKeyPath, humanErrorMap, zodProblems } from './zod-problems.js';

function problems(schema: z.ZodType, value: unknown) {
  const result = schema.safeParse(value, { error: humanErrorMap, reportInput: true });
  return result.success ? [] : zodProblems(result.error.issues).map(({ path, message }) => [formatKeyPath(path), message]);
}

describe('humanErrorMap and zodProblems', () => {
  it('says "required" for a missing key and quotes string values', () => {
    const schema = z.strictObject({ name: z.string(), size: z.number().int() });
    expect(problems(schema, { size: 'big' })).toEqual([
      ['name', 'required'],
      ['size', 'expected a number, got "big"'],
    ]);
    expect(problems(schema, { name: 'x', size: 1.5 })).toEqual([['size', 'expected an integer, got 1.5']]);
  });

  it('splits unknown keys into one problem each', () => {
    expect(problems(z.strictObject({}), { a: 1, b: 2 })).toEqual([
      ['a', 'unknown key'],
      ['b', 'unknown key'],
    ]);
  });

  it('words bounds, enums and list lengths', () => {
    const schema = z.strictObject({ n: z.number().max(5), e: z.enum(['A', 'B']), l: z.array(z.string()).min(1) });
    expect(problems(schema, { n: 6, e: 'C', l: [] })).toEqual([
      ['n', 'must be at most 5, got 6'],
      ['e', 'expected one of "A", "B", got "C"'],
      ['l', 'must have at least 1 item(s)'],
    ]);
  });

  it('keeps a message set in the schema', () => {
    expect(problems(z.string().min(1, { error: 'must not be empty' }), '')).toEqual([['', 'must not be empty']]);
  });
});

describe('formatKeyPath', () => {
  it('joins keys with dots and puts list indexes in brackets', () => {
    expect(formatKeyPath(['load_from', 0, 'module'])).toBe('load_from[0].module');
    expect(formatKeyPath([])).toBe('');
  });
});
