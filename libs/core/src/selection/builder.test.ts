import { describe, expect, it } from 'vitest';
import { AssetSelection } from './builder.js';
import { parseAssetSelection } from './parser.js';

/** Builder and parser must agree on the AST, and the builder's text must parse back to it. */
function expectSame(built: AssetSelection, text: string): void {
  expect(built.node).toEqual(parseAssetSelection(text));
  expect(parseAssetSelection(built.toString())).toEqual(built.node);
}

describe('AssetSelection builder', () => {
  it('builds the example of the docs', () => {
    const built = AssetSelection.keys('a/b').upstream(2).or(AssetSelection.groups('raw')).and(AssetSelection.tag('k', 'v').not());
    expectSame(built, '(2+key:a/b or group:raw) and not tag:k=v');
    expect(built.toString()).toBe('(2+key:"a/b" or group:"raw") and not tag:"k"="v"');
  });

  it('matches the parser for every filter', () => {
    expectSame(AssetSelection.all(), '*');
    expectSame(AssetSelection.keys(['raw', 'customers'], 'raw/orders', 'stg_*'), 'key:raw/customers or key:raw/orders or key:stg_*');
    expectSame(AssetSelection.groups('raw', 'staging'), 'group:raw or group:staging');
    expectSame(AssetSelection.kinds('dbt'), 'kind:dbt');
    expectSame(AssetSelection.owners('team:analytics'), 'owner:"team:analytics"');
    expectSame(AssetSelection.codeLocations('etl'), 'code_location:etl');
    expectSame(AssetSelection.tag('pii'), 'tag:pii');
  });

  it('matches the parser for traversals and functions', () => {
    const x = AssetSelection.keys('x');
    expectSame(x.upstream(), '+key:x');
    expectSame(x.upstream(2), '2+key:x');
    expectSame(x.downstream(), 'key:x+');
    expectSame(x.downstream(3), 'key:x+3');
    expectSame(x.upstreamAndDownstream(), '+key:x+');
    expectSame(x.upstreamAndDownstream(1, 2), '1+key:x+2');
    expectSame(x.upstream(2).downstream(), '(2+key:x)+');
    expectSame(AssetSelection.all().roots(), 'roots(*)');
    expectSame(AssetSelection.groups('g').sinks().downstream(1), 'sinks(group:g)+1');
    expect(() => x.upstream(-1)).toThrow(RangeError);
  });

  it('matches the parser for operators, flattening chains', () => {
    const [a, b, c] = ['a', 'b', 'c'].map((key) => AssetSelection.keys(key)) as [AssetSelection, AssetSelection, AssetSelection];
    expectSame(a.or(b).or(c), 'key:a or key:b or key:c');
    expectSame(a.or(b.or(c)), 'key:a or key:b or key:c');
    expectSame(a.and(b.or(c)), 'key:a and (key:b or key:c)');
    expectSame(a.or(b).not(), 'not (key:a or key:b)');
    expectSame(a.minus(b), 'key:a and not key:b');
    expectSame(AssetSelection.all().minus(AssetSelection.kinds('dbt')), '* and not kind:dbt');
  });

  it('accepts text and ASTs wherever it accepts a selection', () => {
    expectSame(AssetSelection.keys('a').and('group:raw or group:stg'), 'key:a and (group:raw or group:stg)');
    expect(AssetSelection.from({ type: 'all' }).node).toEqual({ type: 'all' });
    const built = AssetSelection.from('2+key:x');
    expect(AssetSelection.from(built)).toBe(built);
    expect(() => AssetSelection.from('key:')).toThrow(/expected a value after "key:"/);
  });

  it('serializes as its AST', () => {
    expect(JSON.parse(JSON.stringify({ selection: AssetSelection.keys('a').upstream(1) }))).toEqual({
      selection: { type: 'traversal', operand: { type: 'key', value: 'a' }, upstream: 1 },
    });
  });
});
