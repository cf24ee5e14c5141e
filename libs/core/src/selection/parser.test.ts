import { describe, expect, it } from 'vitest';
import type { AssetSelectionNode } from './ast.js';
import { parseAssetSelection } from './parser.js';

const parse = parseAssetSelection;
const key = (value: string): AssetSelectionNode => ({ type: 'key', value });

describe('parseAssetSelection: filters', () => {
  it('reads keys, quoted or not, with parts and wildcards', () => {
    expect(parse('key:orders')).toEqual(key('orders'));
    expect(parse('key:raw/customers')).toEqual(key('raw/customers'));
    expect(parse('key:"raw/customers"')).toEqual(key('raw/customers'));
    expect(parse('key:raw_*')).toEqual(key('raw_*'));
    expect(parse('key:*_raw')).toEqual(key('*_raw'));
    expect(parse('key:"prefix_*_middle_*_suffix"')).toEqual(key('prefix_*_middle_*_suffix'));
    expect(parse('key:*')).toEqual(key('*'));
    expect(parse('key:2024_sales')).toEqual(key('2024_sales'));
    expect(parse('key:dbt-model')).toEqual(key('dbt-model'));
  });

  it('reads tags with and without a value', () => {
    expect(parse('tag:pii')).toEqual({ type: 'tag', key: 'pii' });
    expect(parse('tag:priority=high')).toEqual({ type: 'tag', key: 'priority', value: 'high' });
    expect(parse('tag:"orrery/priority"="1"')).toEqual({ type: 'tag', key: 'orrery/priority', value: '1' });
    expect(parse('tag:stage=""')).toEqual({ type: 'tag', key: 'stage', value: '' });
  });

  it('reads group, kind, owner and code_location', () => {
    expect(parse('group:raw')).toEqual({ type: 'group', value: 'raw' });
    expect(parse('kind:dbt')).toEqual({ type: 'kind', value: 'dbt' });
    expect(parse('owner:"team:analytics"')).toEqual({ type: 'owner', value: 'team:analytics' });
    expect(parse('owner:"alice@example.com"')).toEqual({ type: 'owner', value: 'alice@example.com' });
    expect(parse('code_location:etl')).toEqual({ type: 'code_location', value: 'etl' });
  });

  it('allows spaces around ":" and "=" and keywords as values', () => {
    expect(parse('group : "a"')).toEqual({ type: 'group', value: 'a' });
    expect(parse('tag: k = v')).toEqual({ type: 'tag', key: 'k', value: 'v' });
    expect(parse('group:and')).toEqual({ type: 'group', value: 'and' });
  });

  it('decodes the escapes \\" and \\\\ in quoted values', () => {
    expect(parse('key:"a\\"b"')).toEqual(key('a"b'));
    expect(parse('owner:"back\\\\slash"')).toEqual({ type: 'owner', value: 'back\\slash' });
  });
});

describe('parseAssetSelection: traversal', () => {
  const x = key('x');
  it('reads every form of + with Dagster depths', () => {
    expect(parse('+key:x')).toEqual({ type: 'traversal', operand: x, upstream: 'all' });
    expect(parse('2+key:x')).toEqual({ type: 'traversal', operand: x, upstream: 2 });
    expect(parse('key:x+')).toEqual({ type: 'traversal', operand: x, downstream: 'all' });
    expect(parse('key:x+3')).toEqual({ type: 'traversal', operand: x, downstream: 3 });
    expect(parse('+key:x+')).toEqual({ type: 'traversal', operand: x, upstream: 'all', downstream: 'all' });
    expect(parse('1+key:x+2')).toEqual({ type: 'traversal', operand: x, upstream: 1, downstream: 2 });
    expect(parse('0+key:x')).toEqual({ type: 'traversal', operand: x, upstream: 0 });
    expect(parse('2 + key:x + 1')).toEqual({ type: 'traversal', operand: x, upstream: 2, downstream: 1 });
  });

  it('applies to parentheses and functions', () => {
    expect(parse('+(key:a or key:b)')).toEqual({ type: 'traversal', operand: { type: 'or', operands: [key('a'), key('b')] }, upstream: 'all' });
    expect(parse('sinks(key:a)+1')).toEqual({ type: 'traversal', operand: { type: 'sinks', operand: key('a') }, downstream: 1 });
  });

  it('binds tighter than not, and, or', () => {
    expect(parse('not key:a+')).toEqual({ type: 'not', operand: { type: 'traversal', operand: key('a'), downstream: 'all' } });
    expect(parse('key:"raw_data_b"+ and +key:"summary"')).toEqual({
      type: 'and',
      operands: [
        { type: 'traversal', operand: key('raw_data_b'), downstream: 'all' },
        { type: 'traversal', operand: key('summary'), upstream: 'all' },
      ],
    });
  });
});

describe('parseAssetSelection: operators and functions', () => {
  const [a, b, c] = [key('a'), key('b'), key('c')];
  it('gives not > and > or', () => {
    expect(parse('key:a or key:b and key:c')).toEqual({ type: 'or', operands: [a, { type: 'and', operands: [b, c] }] });
    expect(parse('key:a and key:b or key:c')).toEqual({ type: 'or', operands: [{ type: 'and', operands: [a, b] }, c] });
    expect(parse('not key:a and key:b')).toEqual({ type: 'and', operands: [{ type: 'not', operand: a }, b] });
    expect(parse('not not key:a')).toEqual({ type: 'not', operand: { type: 'not', operand: a } });
  });

  it('lets parentheses override precedence', () => {
    expect(parse('(key:a or key:b) and key:c')).toEqual({ type: 'and', operands: [{ type: 'or', operands: [a, b] }, c] });
    expect(parse('not (key:a or key:b)')).toEqual({ type: 'not', operand: { type: 'or', operands: [a, b] } });
    expect(parse('((key:a))')).toEqual(a);
  });

  it('flattens chains and redundant parentheses of one operator', () => {
    expect(parse('key:a or key:b or key:c')).toEqual({ type: 'or', operands: [a, b, c] });
    expect(parse('key:a and (key:b and key:c)')).toEqual({ type: 'and', operands: [a, b, c] });
  });

  it('accepts upper-case keywords', () => {
    expect(parse('NOT key:a AND key:b OR key:c')).toEqual(parse('not key:a and key:b or key:c'));
  });

  it('reads *, roots() and sinks()', () => {
    expect(parse('*')).toEqual({ type: 'all' });
    expect(parse('sinks(*)')).toEqual({ type: 'sinks', operand: { type: 'all' } });
    expect(parse('roots(group:raw or key:a)')).toEqual({ type: 'roots', operand: { type: 'or', operands: [{ type: 'group', value: 'raw' }, a] } });
    expect(parse('not *')).toEqual({ type: 'not', operand: { type: 'all' } });
  });
});

describe('parseAssetSelection: Dagster’s old single-clause form', () => {
  it('reads a bare key and * / + traversals like from_string', () => {
    expect(parse('my_asset')).toEqual(key('my_asset'));
    expect(parse(' raw/customers ')).toEqual(key('raw/customers'));
    expect(parse('*my_asset')).toEqual({ type: 'traversal', operand: key('my_asset'), upstream: 'all' });
    expect(parse('my_asset+')).toEqual({ type: 'traversal', operand: key('my_asset'), downstream: 1 });
    expect(parse('++my_asset*')).toEqual({ type: 'traversal', operand: key('my_asset'), upstream: 2, downstream: 'all' });
    // Not a wildcard: the asset raw_ and everything downstream of it (Dagster's meaning).
    expect(parse('raw_*')).toEqual({ type: 'traversal', operand: key('raw_'), downstream: 'all' });
  });

  it('applies only to the whole text', () => {
    expect(() => parse('my_asset or key:b')).toThrow(/column 1: expected a filter such as key:"my_asset"/);
    expect(() => parse('not')).toThrow(/expected an expression after "not"/);
    expect(() => parse('a.b')).toThrow(/found "\."/);
  });
});
