import { describe, expect, it } from 'vitest';
import type { AssetSelectionNode } from './ast.js';
import { parseAssetSelection } from './parser.js';
import { selectionToString } from './printer.js';

describe('selectionToString', () => {
  it('prints the canonical form: quoted values, lower-case keywords, minimal parentheses', () => {
    expect(selectionToString(parseAssetSelection('key:raw/customers'))).toBe('key:"raw/customers"');
    expect(selectionToString(parseAssetSelection('tag:k=v OR tag:pii'))).toBe('tag:"k"="v" or tag:"pii"');
    expect(selectionToString(parseAssetSelection('(key:a or key:b) and not (key:c or key:d)'))).toBe('(key:"a" or key:"b") and not (key:"c" or key:"d")');
    expect(selectionToString(parseAssetSelection('key:a or (key:b and key:c)'))).toBe('key:"a" or key:"b" and key:"c"');
    expect(selectionToString(parseAssetSelection('2+(key:a or key:b)+'))).toBe('2+(key:"a" or key:"b")+');
    expect(selectionToString(parseAssetSelection('my_asset++'))).toBe('key:"my_asset"+2');
  });

  it('escapes quotes and backslashes', () => {
    const node: AssetSelectionNode = { type: 'owner', value: 'say "hi" \\o/' };
    expect(selectionToString(node)).toBe('owner:"say \\"hi\\" \\\\o/"');
    expect(parseAssetSelection(selectionToString(node))).toEqual(node);
  });

  it('parenthesizes whatever Dagster’s grammar does not let + apply to', () => {
    const nested: AssetSelectionNode = {
      type: 'traversal',
      operand: { type: 'traversal', operand: { type: 'key', value: 'a' }, upstream: 2 },
      downstream: 'all',
    };
    expect(selectionToString(nested)).toBe('(2+key:"a")+');
    expect(selectionToString({ type: 'traversal', operand: { type: 'all' }, downstream: 1 })).toBe('(*)+1');
    expect(selectionToString({ type: 'traversal', operand: { type: 'not', operand: { type: 'group', value: 'g' } }, upstream: 'all' })).toBe('+(not group:"g")');
  });

  const texts = [
    '*',
    'key:"a/b"',
    'key:"raw_*"',
    'tag:"k"',
    'tag:"k"="v"',
    'tag:"k"=""',
    'group:"raw" or kind:"dbt" or owner:"team:analytics" or code_location:"etl"',
    '+key:"x"',
    '2+key:"x"',
    'key:"x"+',
    'key:"x"+3',
    '+key:"x"+',
    '1+key:"x"+2',
    '0+key:"x"',
    'not key:"a" and key:"b" or key:"c"',
    'not (key:"a" or key:"b")',
    'not not key:"a"',
    '(key:"a" or key:"b") and (key:"c" or key:"d")',
    'roots(*)',
    'sinks(group:"a" and not kind:"dbt")+1',
    '(key:"raw_data_a" or key:"raw_data_b")+ and +(key:"a_b_c_for_sales" or key:"b_c_for_sales")',
    '+(2+key:"a")',
    '(*)+',
    'not *',
  ];

  it.each(texts)('round-trips %s', (text) => {
    const ast = parseAssetSelection(text);
    expect(selectionToString(ast)).toBe(text);
    expect(parseAssetSelection(selectionToString(ast))).toEqual(ast);
    // The AST is plain data: it survives JSON unchanged.
    expect(JSON.parse(JSON.stringify(ast))).toEqual(ast);
  });
});
