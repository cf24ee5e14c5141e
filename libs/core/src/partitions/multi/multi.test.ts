import { describe, expect, it } from 'vitest';
import { dailyPartitionsDefinition, dynamicPartitionsDefinition, hourlyPartitionsDefinition, multiPartitionsDefinition, staticPartitionsDefinition } from '../definitions.js';
import { InvalidPartitionKeysError, InvalidPartitionsDefinitionError, PartitionKeyNotFoundError } from '../errors.js';
import { partitionsSubsetFromJSON } from '../json/from-json.js';
import { MultiPartitionKey } from './multi-partition-key.js';

const context = { now: new Date('2024-01-03T00:00:00Z'), dynamicPartitions: new Map([['customers', ['acme', 'globex']]]) };
const date = dailyPartitionsDefinition({ start: '2024-01-01' });
const region = staticPartitionsDefinition(['eu', 'us']);
const customer = dynamicPartitionsDefinition('customers');
// Names chosen so that the time dimension sits in the middle of the name order.
const multi = multiPartitionsDefinition({ region, date, customer });

describe('multi-partitions with three dimensions', () => {
  it('order dimensions by name and join keys with | in that order', () => {
    expect(multi.dimensionNames).toEqual(['customer', 'date', 'region']);
    expect(multi.primaryDimension.name).toBe('date');
    const keys = multi.allKeys(context);
    expect(keys).toHaveLength(2 * 2 * 2);
    expect(keys.slice(0, 3)).toEqual(['acme|2024-01-01|eu', 'acme|2024-01-01|us', 'acme|2024-01-02|eu']);
    expect(keys[7]).toBe('globex|2024-01-02|us');
    expect(multi.count(context)).toBe(8);
    expect(multi.firstKey(context)).toBe('acme|2024-01-01|eu');
    expect(multi.lastKey(context)).toBe('globex|2024-01-02|us');
  });

  it('give per-dimension access through MultiPartitionKey', () => {
    const key = multi.parseKey('globex|2024-01-02|eu');
    expect(key.get('date')).toBe('2024-01-02');
    expect(key.get('region')).toBe('eu');
    expect(key.get('planet')).toBeUndefined();
    expect(key.keysByDimension).toEqual({ customer: 'globex', date: '2024-01-02', region: 'eu' });
    expect(new MultiPartitionKey({ region: 'eu', date: '2024-01-02', customer: 'globex' }).toString()).toBe('globex|2024-01-02|eu');
    expect(multi.hasKey(key, context)).toBe(true);
    expect(multi.hasKey('globex|2024-01-03|eu', context)).toBe(false);
    expect(multi.hasKey('globex|eu', context)).toBe(false);
    expect(() => multi.parseKey('globex|eu')).toThrow(/3 \|-separated parts/);
    expect(() => new MultiPartitionKey({ a: 'x|y' })).toThrow(InvalidPartitionKeysError);
  });

  it('take a key range as the box of each dimension range, like Dagster', () => {
    expect(multi.keysInRange({ start: 'acme|2024-01-01|us', end: 'globex|2024-01-02|us' }, context)).toEqual([
      'acme|2024-01-01|us', 'acme|2024-01-02|us', 'globex|2024-01-01|us', 'globex|2024-01-02|us',
    ]);
  });

  it('refuse fewer than two dimensions, two time dimensions, nesting and bad names', () => {
    expect(() => multiPartitionsDefinition({ date })).toThrow(/at least two dimensions/);
    const hourly = hourlyPartitionsDefinition({ start: '2024-01-01-00:00' });
    expect(() => multiPartitionsDefinition({ date, hour: hourly })).toThrow(/at most one dimension can be time-window partitioned, got date, hour/);
    expect(() => multiPartitionsDefinition({ a: region, b: multi as never })).toThrow(/cannot itself be multi-partitioned/);
    expect(() => multiPartitionsDefinition({ 'a|b': region, date })).toThrow(InvalidPartitionsDefinitionError);
  });

  it('keep subsets per secondary key, with set algebra and definition order', () => {
    const a = multi.subsetWithKeys(['globex|2024-01-02|us', 'acme|2024-01-01|eu', 'acme|2024-01-02|eu']);
    const b = multi.subsetWithKeys(['acme|2024-01-02|eu', 'globex|2024-01-01|us']);
    expect(a.count()).toBe(3);
    expect(a.keys()).toEqual(['acme|2024-01-01|eu', 'acme|2024-01-02|eu', 'globex|2024-01-02|us']);
    expect(a.contains('acme|2024-01-02|eu')).toBe(true);
    expect(a.contains('acme|2024-01-02|us')).toBe(false);
    expect(a.union(b).count()).toBe(4);
    expect(a.intersection(b).keys()).toEqual(['acme|2024-01-02|eu']);
    expect(a.difference(b).keys()).toEqual(['acme|2024-01-01|eu', 'globex|2024-01-02|us']);
    expect(multi.allSubset(context).count()).toBe(8);
    expect(multi.allSubset(context).keys()).toEqual(multi.allKeys(context));
    expect(() => multi.subsetWithKeys(['acme|2024-01-01|mars'])).toThrow(PartitionKeyNotFoundError);
    expect(() => multi.subsetWithKeys(['acme|2023-01-01|eu'])).toThrow(PartitionKeyNotFoundError);
  });

  it('project subsets onto one dimension', () => {
    const s = multi.subsetWithKeys(['acme|2024-01-02|eu', 'globex|2024-01-02|us']);
    expect(s.projectTo('date').keys()).toEqual(['2024-01-02']);
    expect(s.projectTo('region').keys()).toEqual(['eu', 'us']);
    expect(s.projectTo('customer').keys()).toEqual(['acme', 'globex']);
  });

  it('round-trip subsets through JSON', () => {
    const s = multi.subsetWithKeys(['acme|2024-01-01|eu', 'acme|2024-01-02|eu', 'globex|2024-01-02|us']);
    const json = JSON.parse(JSON.stringify(s.toJSON()));
    expect(json.primaryDimension).toBe('date');
    expect(json.entries.map((e: { key: string }) => e.key)).toEqual(['acme|eu', 'globex|us']);
    expect(partitionsSubsetFromJSON(multi, json).keys()).toEqual(s.keys());
    expect(() => partitionsSubsetFromJSON(multi, { ...json, primaryDimension: 'region' })).toThrow(/organised by date/);
  });

  it('keep a region × hourly subset of 100,000+ partitions compact', () => {
    const hourly = hourlyPartitionsDefinition({ start: '2010-01-01-00:00' });
    const big = multiPartitionsDefinition({ hour: hourly, region });
    const now = { now: new Date(Date.parse('2010-01-01T00:00:00Z') + 60_000 * 3_600_000) };
    const all = big.allSubset(now);
    expect(all.count()).toBe(120_000);
    expect(all.entryList()).toHaveLength(2);
    expect(all.toJSON().entries[0]!.subset).toEqual({ kind: 'time-window', ranges: [{ start: '2010-01-01T00:00:00.000Z', end: '2016-11-05T00:00:00.000Z' }] });
  });
});
