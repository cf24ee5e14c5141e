import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { AutomationCondition } from '../automation/automation-condition.js';
import { InvalidDefinitionError, InvalidUserResultError } from '../errors.js';
import { resource } from '../resources/resource.js';
import { asset } from './asset.js';
import { assetCheck } from './asset-check.js';
import { collectAssetOutputs } from './asset-outputs.js';
import type { AssetExecutionContext } from './context.js';
import { multiAsset } from './multi-asset.js';
import { MaterializeResult, Output, normalizeCheckResult } from './results.js';
import { externalAsset, normalizeObservation, observableSourceAsset } from './source-assets.js';

const orders = asset({ key: 'orders', keyPrefix: 'raw', group: 'raw', kinds: ['postgres'], owners: ['team:data'] }, async () => [{ id: 1, amount: 3 }]);

describe('asset', () => {
  it('normalizes its spec: prefixed key, group, deps from ins first, sorted kinds and tags', () => {
    const customers = externalAsset<{ id: number }[]>({ key: ['crm', 'customers'] });
    const report = asset(
      {
        key: 'report',
        ins: { orders },
        deps: [customers, 'misc/flags'],
        tags: { b: '2', a: '1' },
        kinds: ['sql', 'python'],
        codeVersion: 'v2',
        automation: AutomationCondition.eager(),
        metadata: { owner_note: 'x' },
        checks: [{ name: 'not_empty', blocking: true }],
        pool: 'warehouse',
        retry: { maxRetries: 2, delay: 1000, backoff: 'exponential' },
      },
      (_context, { orders: rows }) => rows.length,
    );
    expect(orders.key).toEqual(['raw', 'orders']);
    expect(orders.name).toBe('raw__orders');
    expect(orders.specs[0]).toMatchObject({ group: 'raw', kinds: ['postgres'], owners: ['team:data'], ioManagerKey: 'io_manager' });
    const [spec] = report.specs;
    expect(spec!.deps.map((dep) => dep.key.join('/'))).toEqual(['raw/orders', 'crm/customers', 'misc/flags']);
    expect(report.ins).toEqual({ orders: { key: ['raw', 'orders'], partitionMapping: undefined } });
    expect(spec).toMatchObject({ group: 'default', kinds: ['python', 'sql'], codeVersion: 'v2', automation: { type: 'eager' } });
    expect(Object.keys(spec!.tags)).toEqual(['a', 'b']);
    expect(spec!.checks).toEqual([{ name: 'not_empty', blocking: true, description: undefined }]);
    expect(report.retry).toEqual({ maxRetries: 2, delay: 1000, backoff: 'exponential' });
    expect(report.pool).toBe('warehouse');
  });

  it('refuses malformed definitions at construction', () => {
    expect(() => asset({ key: 'bad key' }, () => 1)).toThrow(InvalidDefinitionError);
    expect(() => asset({ key: 'a', group: 'has space' }, () => 1)).toThrow(/group/);
    expect(() => asset({ key: 'a', owners: ['nobody'] }, () => 1)).toThrow(/owner/);
    expect(() => asset({ key: 'a', kinds: ['a', 'b', 'c', 'd'] }, () => 1)).toThrow(/at most 3 kinds/);
    expect(() => asset({ key: 'a', deps: ['a'] }, () => 1)).toThrow(/depends on itself only through a partition mapping/);
    expect(() => asset({ key: 'a', ins: { x: 'b' }, deps: ['b'] }, () => 1)).toThrow(/depends on b twice/);
    expect(() => asset({ key: 'a', retry: { maxRetries: -1 } }, () => 1)).toThrow(/maxRetries/);
    expect(() => asset({ key: 'a', checks: [{ name: 'c' }, { name: 'c' }] }, () => 1)).toThrow(/two checks/);
  });

  it('types inputs from upstream definitions, config and resources into the context', () => {
    const db = resource({ setup: () => ({ query: (sql: string) => sql.length }) });
    const typed = asset(
      { key: 'typed', ins: { orders, loose: 'x/y' }, config: z.object({ limit: z.number() }), resources: { db } },
      (context, inputs) => {
        expectTypeOf(inputs.orders).toEqualTypeOf<{ id: number; amount: number }[]>();
        expectTypeOf(inputs.loose).toEqualTypeOf<unknown>();
        expectTypeOf(context.config).toEqualTypeOf<{ limit: number }>();
        expectTypeOf(context.resources.db.query).toEqualTypeOf<(sql: string) => number>();
        expectTypeOf(context).toExtend<AssetExecutionContext<{ limit: number }, { readonly db: { query: (sql: string) => number } }>>();
        return MaterializeResult({ value: 'done', metadata: { n: 1 } });
      },
    );
    expectTypeOf(typed.__valueType).toEqualTypeOf<string | undefined>();
    expect(typed.resourceKeys).toEqual(['db']);
  });
});

describe('multi-asset', () => {
  const split = multiAsset(
    {
      name: 'split_orders',
      specs: { big: { key: 'big_orders' }, small: { key: 'small_orders', deps: ['thresholds'] }, audit: { key: 'audit', skippable: true } },
      ins: { orders },
      canSubset: true,
      group: 'derived',
    },
    () => ({ big: [1], small: [2] }),
  );

  it('declares several keys with shared inputs and per-spec deps', () => {
    expect(split.keys.map((key) => key.join('/'))).toEqual(['big_orders', 'small_orders', 'audit']);
    expect(split.specs[1]!.deps.map((dep) => dep.key.join('/'))).toEqual(['raw/orders', 'thresholds']);
    expect(split.specs.every((spec) => spec.group === 'derived')).toBe(true);
    expect(split.ref('small')).toEqual({ keys: [['small_orders']] });
    expect(() => asset({ key: 'x', deps: [split] }, () => 1)).toThrow(/multi-asset is referred to by one of its keys/);
    expect(asset({ key: 'x', deps: [split.ref('big')] }, () => 1).specs[0]!.deps[0]!.key).toEqual(['big_orders']);
  });

  it('interprets returned outputs against the selection', () => {
    const outputs = collectAssetOutputs(split, { big: Output([1], { metadata: { n: 1 } }) }, [['big_orders']]);
    expect(outputs).toHaveLength(1);
    expect(outputs[0]).toMatchObject({ outputName: 'big', output: { value: [1], hasValue: true, metadata: { n: { type: 'int', value: 1 } } } });
    expect(() => collectAssetOutputs(split, { big: 1 }, [['big_orders'], ['small_orders']])).toThrow(/did not return output small/);
    expect(() => collectAssetOutputs(split, { big: 1, small: 2 }, [['big_orders']])).toThrow(/did not select/);
    expect(() => collectAssetOutputs(split, { bogus: 1 })).toThrow(InvalidUserResultError);
    expect(collectAssetOutputs(split, { big: 1, small: 2 }).map((o) => o.outputName)).toEqual(['big', 'small']);
  });

  it('reads single-asset results: bare values and MaterializeResult without a value', () => {
    expect(collectAssetOutputs(orders, [1])[0]!.output).toMatchObject({ hasValue: true, value: [1] });
    const stored = collectAssetOutputs(orders, MaterializeResult({ metadata: { rows: 5 }, dataVersion: 'abc' }))[0]!.output;
    expect(stored).toMatchObject({ hasValue: false, dataVersion: 'abc', metadata: { rows: { type: 'int', value: 5 } } });
    // A plain object with value/metadata fields is a value, not a result wrapper.
    expect(collectAssetOutputs(orders, { value: 1, metadata: {} })[0]!.output.value).toEqual({ value: 1, metadata: {} });
  });
});

describe('source assets and checks', () => {
  it('observable source assets report a data version', () => {
    const files = observableSourceAsset({ key: 'landing/files' }, () => ({ dataVersion: 'h1', metadata: { count: 2 } }));
    expect(files.kind).toBe('observable_source');
    expect(normalizeObservation('x', { dataVersion: 'h1', metadata: { count: 2 } })).toEqual({ dataVersion: 'h1', metadata: { count: { type: 'int', value: 2 } } });
    expect(() => normalizeObservation('x', { version: 1 })).toThrow(InvalidUserResultError);
  });

  it('asset checks default to non-blocking ERROR severity and can load the asset', async () => {
    const positive = assetCheck({ asset: orders, name: 'positive_amounts', blocking: true, loadAsset: true }, (_context, rows) => {
      expectTypeOf(rows).toEqualTypeOf<{ id: number; amount: number }[]>();
      return { passed: rows.every((row) => row.amount > 0), metadata: { rows: rows.length } };
    });
    expect(positive).toMatchObject({ checkKey: 'raw/orders:positive_amounts', blocking: true, loadAsset: true, assetKey: ['raw', 'orders'] });
    const result = normalizeCheckResult('c', await positive.evaluate({} as never, [{ id: 1, amount: -1 }]));
    expect(result).toEqual({ passed: false, severity: 'ERROR', metadata: { rows: { type: 'int', value: 1 } } });
    expect(normalizeCheckResult('c', { passed: true, severity: 'WARN' }).severity).toBe('WARN');
    expect(() => normalizeCheckResult('c', { passed: 'yes' })).toThrow(InvalidUserResultError);
    expect(() => normalizeCheckResult('c', { passed: false, severity: 'FATAL' })).toThrow(/WARN or ERROR/);
    expect(assetCheck({ asset: 'raw/orders', name: 'x' }, () => ({ passed: true })).blocking).toBe(false);
  });
});
