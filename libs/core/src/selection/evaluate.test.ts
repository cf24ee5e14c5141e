import { describe, expect, it } from 'vitest';
import { AssetGraph, type AssetNodeDescription } from '../graph/asset-graph.js';
import { AssetSelection } from './builder.js';
import { UnknownAssetKeysError, evaluateAssetSelection, type EvaluateAssetSelectionOptions } from './evaluate.js';
import { AssetSelectionSyntaxError } from './syntax-error.js';

// The example graph of docs/asset-selection.md:
//
//   raw/customers ─┐
//   raw/orders ────┴─> stg/orders ─┬─> mart/revenue ─> report/weekly
//   ext/fx_rates (external) ───────┼──────┘
//                                  └─> mart/churn
const k = (s: string): string[] => s.split('/');
const nodes: AssetNodeDescription[] = [
  { key: k('raw/customers'), group: 'raw', kinds: ['python'], owners: ['team:ingest'], tags: { pii: 'true' }, codeLocation: 'ingest' },
  { key: k('raw/orders'), group: 'raw', kinds: ['python'], owners: ['team:ingest'], codeLocation: 'ingest' },
  { key: k('ext/fx_rates'), group: 'raw', isExternal: true, owners: ['team:ingest'], tags: { vendor: 'ecb' }, codeLocation: 'ingest' },
  {
    key: k('stg/orders'), deps: [k('raw/customers'), k('raw/orders')], group: 'staging', kinds: ['dbt'],
    owners: ['alice@example.com'], tags: { layer: 'staging', pii: 'true' }, codeLocation: 'ingest',
  },
  {
    key: k('mart/revenue'), deps: [k('stg/orders'), k('ext/fx_rates')], group: 'marts', kinds: ['dbt', 'snowflake'],
    owners: ['team:analytics'], tags: { tier: 'gold' }, codeLocation: 'analytics',
  },
  { key: k('mart/churn'), deps: [k('stg/orders')], group: 'marts', kinds: ['dbt'], owners: ['team:analytics'], tags: { tier: 'silver' }, codeLocation: 'analytics' },
  { key: k('report/weekly'), deps: [k('mart/revenue')], kinds: ['python'], codeLocation: 'analytics' },
];
const graph = AssetGraph.build(nodes);

function select(text: string | AssetSelection, options?: EvaluateAssetSelectionOptions): string[] {
  return graph.keysOf(evaluateAssetSelection(text, graph, options)).map((key) => key.join('/'));
}

const materializable = ['mart/churn', 'mart/revenue', 'raw/customers', 'raw/orders', 'report/weekly', 'stg/orders'];

describe('evaluateAssetSelection: filters', () => {
  it('selects keys exactly or by wildcard (a * crosses /)', () => {
    expect(select('key:stg/orders')).toEqual(['stg/orders']);
    expect(select('key:"raw/*"')).toEqual(['raw/customers', 'raw/orders']);
    expect(select('key:*orders')).toEqual(['raw/orders', 'stg/orders']);
    expect(select('key:mart/*e*')).toEqual(['mart/revenue']);
    expect(select('key:*')).toEqual(['ext/fx_rates', ...materializable]);
    expect(select('key:ext/fx_rates')).toEqual(['ext/fx_rates']);
    expect(select('key:"raw.orders"')).toEqual([]);
  });

  it('selects nothing for an unknown key, or throws every unknown key when asked', () => {
    expect(select('key:nope or key:raw/orders')).toEqual(['raw/orders']);
    expect(() => select('key:nope or key:raw/orders or +key:gone or key:nope or key:zz_*', { unknownKeys: 'error' })).toThrow(UnknownAssetKeysError);
    expect(() => select('key:nope or +key:gone', { unknownKeys: 'error' })).toThrow('the selection names assets that do not exist: nope, gone');
  });

  it('selects tags by presence or by value', () => {
    expect(select('tag:pii')).toEqual(['raw/customers', 'stg/orders']);
    expect(select('tag:pii=true')).toEqual(['raw/customers', 'stg/orders']);
    expect(select('tag:tier=gold')).toEqual(['mart/revenue']);
    expect(select('tag:tier=bronze')).toEqual([]);
  });

  it('selects groups, with "default" for assets that name none', () => {
    expect(select('group:marts')).toEqual(['mart/churn', 'mart/revenue']);
    expect(select('group:default')).toEqual(['report/weekly']);
  });

  it('selects kinds, owners and code locations exactly', () => {
    expect(select('kind:dbt')).toEqual(['mart/churn', 'mart/revenue', 'stg/orders']);
    expect(select('kind:snowflake')).toEqual(['mart/revenue']);
    expect(select('owner:"team:analytics"')).toEqual(['mart/churn', 'mart/revenue']);
    expect(select('owner:"alice@example.com"')).toEqual(['stg/orders']);
    expect(select('code_location:analytics')).toEqual(['mart/churn', 'mart/revenue', 'report/weekly']);
  });
});

describe('evaluateAssetSelection: traversal', () => {
  it('walks upstream and downstream with Dagster depths', () => {
    expect(select('+key:mart/revenue')).toEqual(['mart/revenue', 'raw/customers', 'raw/orders', 'stg/orders']);
    expect(select('1+key:mart/revenue')).toEqual(['mart/revenue', 'stg/orders']);
    expect(select('key:stg/orders+')).toEqual(['mart/churn', 'mart/revenue', 'report/weekly', 'stg/orders']);
    expect(select('key:stg/orders+1')).toEqual(['mart/churn', 'mart/revenue', 'stg/orders']);
    expect(select('1+key:stg/orders+1')).toEqual(['mart/churn', 'mart/revenue', 'raw/customers', 'raw/orders', 'stg/orders']);
    expect(select('0+key:stg/orders')).toEqual(['stg/orders']);
  });

  it('walks both ways from the operand, unlike a nested traversal', () => {
    expect(select('+key:mart/churn+')).toEqual(['mart/churn', 'raw/customers', 'raw/orders', 'stg/orders']);
    // (+x)+: the downstream of the whole upstream closure.
    expect(select('(+key:mart/churn)+')).toEqual(materializable.filter((key) => key !== 'ext/fx_rates'));
  });

  it('selects the path between two assets (Dagster’s example)', () => {
    expect(select('key:raw/orders+ and +key:mart/revenue')).toEqual(['mart/revenue', 'raw/orders', 'stg/orders']);
  });
});

describe('evaluateAssetSelection: operators and functions', () => {
  it('combines with and, or, not and parentheses', () => {
    expect(select('kind:dbt and not group:marts')).toEqual(['stg/orders']);
    expect(select('group:raw or tag:tier=gold')).toEqual(['mart/revenue', 'raw/customers', 'raw/orders']);
    expect(select('kind:python and (group:raw or group:default)')).toEqual(['raw/customers', 'raw/orders', 'report/weekly']);
    expect(select('kind:python and group:raw or group:default')).toEqual(['raw/customers', 'raw/orders', 'report/weekly']);
    expect(select('not kind:dbt')).toEqual(['raw/customers', 'raw/orders', 'report/weekly']);
    expect(select('not *')).toEqual([]);
  });

  it('finds roots and sinks within a selection, through paths that leave it', () => {
    expect(select('roots(*)')).toEqual(['raw/customers', 'raw/orders']);
    expect(select('sinks(*)')).toEqual(['mart/churn', 'report/weekly']);
    expect(select('sinks(kind:dbt)')).toEqual(['mart/churn', 'mart/revenue']);
    expect(select('roots(kind:dbt)')).toEqual(['stg/orders']);
    // raw/orders reaches report/weekly through assets outside the selection.
    expect(select('roots(key:raw/orders or key:report/weekly)')).toEqual(['raw/orders']);
    expect(select('sinks(+key:mart/churn)')).toEqual(['mart/churn']);
  });
});

describe('evaluateAssetSelection: external assets', () => {
  it('leaves them out of *, not, tag, group, kind and upstream walks by default (Dagster)', () => {
    expect(select('*')).toEqual(materializable);
    expect(select('group:raw')).toEqual(['raw/customers', 'raw/orders']);
    expect(select('tag:vendor')).toEqual([]);
    expect(select('not kind:dbt')).not.toContain('ext/fx_rates');
    expect(select('+key:report/weekly')).not.toContain('ext/fx_rates');
  });

  it('keeps them in key:, owner:, code_location: and downstream walks', () => {
    expect(select('owner:"team:ingest"')).toEqual(['ext/fx_rates', 'raw/customers', 'raw/orders']);
    expect(select('code_location:ingest')).toContain('ext/fx_rates');
    expect(select('key:ext/fx_rates+1')).toEqual(['ext/fx_rates', 'mart/revenue']);
  });

  it('selects them everywhere with includeExternal', () => {
    const all = { includeExternal: true };
    expect(select('*', all)).toHaveLength(7);
    expect(select('group:raw', all)).toEqual(['ext/fx_rates', 'raw/customers', 'raw/orders']);
    expect(select('tag:vendor=ecb', all)).toEqual(['ext/fx_rates']);
    expect(select('1+key:mart/revenue', all)).toEqual(['ext/fx_rates', 'mart/revenue', 'stg/orders']);
    expect(select('roots(*)', all)).toEqual(['ext/fx_rates', 'raw/customers', 'raw/orders']);
  });
});

describe('evaluateAssetSelection: inputs', () => {
  it('takes text, an AST or a builder alike', () => {
    const text = '2+key:report/weekly and not tag:pii';
    const built = AssetSelection.keys('report/weekly').upstream(2).minus(AssetSelection.tag('pii'));
    expect(select(built)).toEqual(select(text));
    expect(graph.keysOf(evaluateAssetSelection(built.node, graph))).toEqual(graph.keysOf(evaluateAssetSelection(text, graph)));
    expect(select(text)).toEqual(['mart/revenue', 'report/weekly']);
  });

  it('throws the syntax error of bad text', () => {
    expect(() => select('key:')).toThrow(AssetSelectionSyntaxError);
  });

  it('reads Dagster’s old single-clause strings', () => {
    expect(select('*stg/orders')).toEqual(['raw/customers', 'raw/orders', 'stg/orders']);
    expect(select('stg/orders+')).toEqual(['mart/churn', 'mart/revenue', 'stg/orders']);
  });
});
