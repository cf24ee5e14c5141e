import { describe, expect, it } from 'vitest';
import { parseAssetSelection } from './parser.js';
import { AssetSelectionSyntaxError } from './syntax-error.js';

function errorOf(input: string): AssetSelectionSyntaxError {
  try {
    parseAssetSelection(input);
  } catch (error) {
    if (error instanceof AssetSelectionSyntaxError) return error;
    throw error;
  }
  throw new Error(`"${input}" parsed`);
}

describe('AssetSelectionSyntaxError', () => {
  it('shows the input with a caret under the column', () => {
    expect(errorOf('group:a and key:').message).toBe(
      ['Invalid asset selection at column 17: expected a value after "key:"', '  group:a and key:', '                  ^'].join('\n'),
    );
    expect(errorOf('key:a)').message).toBe(
      ['Invalid asset selection at column 6: expected "and", "or" or the end of the selection, found ")"', '  key:a)', '       ^'].join('\n'),
    );
  });

  it('carries typed details and the VALIDATION_FAILED code', () => {
    const error = errorOf('tag:k=');
    expect(error.name).toBe('AssetSelectionSyntaxError');
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual({ input: 'tag:k=', column: 7, expected: 'a tag value after "="' });
    expect(error.column).toBe(7);
    expect(error.found).toBeUndefined();
  });

  it('keeps the caret aligned when the input spans lines', () => {
    expect(errorOf('key:a\nand').message.split('\n').slice(1)).toEqual(['  key:a and', '           ^']);
  });

  const cases: [input: string, column: number, expected: string, found?: string][] = [
    ['', 1, 'an expression'],
    ['   ', 4, 'an expression'],
    ['key:a and', 10, 'an expression after "and"'],
    ['key:a and or key:b', 11, 'an expression after "and"', '"or"'],
    ['(key:a', 7, '")" to close the "(" at column 1'],
    ['sinks(key:a or (key:b)', 23, '")" to close the "(" at column 6'],
    ['key:a key:b', 7, '"and", "or" or the end of the selection', '"key"'],
    ['foo:bar', 1, 'one of key:, tag:, owner:, group:, kind:, code_location:', '"foo:"'],
    ['kind:dbt or status:MISSING', 13, 'one of key:, tag:, owner:, group:, kind:, code_location: ("status:" is not supported by Orrery)', '"status:"'],
    ['key:"abc', 9, `a closing '"' for the string that starts at column 5`],
    ['key:"a\nb"', 7, `a closing '"' for the string that starts at column 5`],
    ['key:"a\\q"', 7, 'an escape: \\" or \\\\', '"\\q"'],
    ['key:a & key:b', 7, '"and"', '"&"'],
    ['key:a || key:b', 7, '"or"', '"|"'],
    ['owner:alice@example.com', 12, 'an expression (put a value that contains "@" in double quotes)', '"@"'],
    ['tag:=v', 5, 'a value after "tag:"', '"="'],
    ['group:raw_*', 7, 'a value after "group:" without "*" (only key: takes wildcards)', '"raw_*"'],
    ['group:<null>', 7, 'a value after "group:" (<null> is not supported by Orrery)', '"<null>"'],
    ['sinks key:a', 7, '"(" after "sinks"', '"key"'],
    ['leaves(key:a)', 1, 'a function: roots or sinks', '"leaves"'],
    ['+', 2, 'a filter, a function or "(" after "+"'],
    ['key:a or 2+*', 12, 'a filter, a function or "(" after "2+"', '"*"'],
    ['+not key:a', 2, 'a filter, a function or "(" after "+"', '"not"'],
    ['customers and key:b', 1, 'a filter such as key:"customers"', '"customers"'],
    ['and key:a', 1, 'an expression', '"and"'],
    ['key:a or )', 10, 'an expression after "or"', '")"'],
    ['99999999999999999999+key:a', 1, 'a depth up to 9007199254740991', '"99999999999999999999"'],
    [`${'('.repeat(101)}key:a${')'.repeat(101)}`, 101, 'at most 100 nested levels', '"("'],
  ];

  it.each(cases)('%j fails at column %i', (input, column, expected, found) => {
    const error = errorOf(input);
    expect({ column: error.column, expected: error.expected, found: error.found }).toEqual({ column, expected, found });
    expect(error.message).toContain(`at column ${column}: expected ${expected}`);
    expect(error.message.endsWith(`${' '.repeat(column + 1)}^`)).toBe(true);
  });
});
