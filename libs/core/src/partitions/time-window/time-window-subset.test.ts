import { describe, expect, it } from 'vitest';
import { dailyPartitionsDefinition, hourlyPartitionsDefinition, staticPartitionsDefinition } from '../definitions.js';
import { PartitionKeyNotFoundError, PartitionsSubsetMismatchError } from '../errors.js';
import { partitionsSubsetFromJSON } from '../json/from-json.js';

const daily = dailyPartitionsDefinition({ start: '2024-01-01' });
const now = { now: new Date('2024-02-01T00:00:00Z') };
const subset = (...keys: string[]) => daily.subsetWithKeys(keys);

describe('TimeWindowPartitionsSubset', () => {
  it('merges adjacent windows into ranges', () => {
    const s = subset('2024-01-03', '2024-01-01', '2024-01-02', '2024-01-05');
    expect(s.ranges).toHaveLength(2);
    expect(s.count()).toBe(4);
    expect(s.keys()).toEqual(['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-05']);
    expect(s.keyRanges()).toEqual([{ start: '2024-01-01', end: '2024-01-03' }, { start: '2024-01-05', end: '2024-01-05' }]);
    expect(s.windows()[1]).toEqual({ start: new Date('2024-01-05T00:00:00Z'), end: new Date('2024-01-06T00:00:00Z') });
  });

  it('answers contains for keys, non-keys and malformed keys', () => {
    const s = subset('2024-01-02');
    expect(s.contains('2024-01-02')).toBe(true);
    expect(s.contains('2024-01-03')).toBe(false);
    expect(s.contains('not a date')).toBe(false);
  });

  it('computes union, intersection and difference', () => {
    const a = subset('2024-01-01', '2024-01-02', '2024-01-03', '2024-01-07');
    const b = subset('2024-01-03', '2024-01-04', '2024-01-07');
    expect(a.union(b).keys()).toEqual(['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04', '2024-01-07']);
    expect(a.intersection(b).keys()).toEqual(['2024-01-03', '2024-01-07']);
    expect(a.difference(b).keys()).toEqual(['2024-01-01', '2024-01-02']);
    expect(b.difference(a).keys()).toEqual(['2024-01-04']);
    expect(a.difference(a).isEmpty()).toBe(true);
    expect(daily.allSubset(now).difference(a).count()).toBe(31 - 4);
  });

  it('refuses keys the definition cannot make and subsets of other definitions', () => {
    expect(() => subset('2023-12-31')).toThrow(PartitionKeyNotFoundError);
    expect(() => subset('2024-01-01T00:00')).toThrow(PartitionKeyNotFoundError);
    const other = hourlyPartitionsDefinition({ start: '2024-01-01-00:00' }).emptySubset();
    expect(() => subset('2024-01-01').union(other)).toThrow(PartitionsSubsetMismatchError);
    expect(() => subset('2024-01-01').union(staticPartitionsDefinition(['a']).emptySubset())).toThrow(PartitionsSubsetMismatchError);
  });

  it('combines with subsets of an equal definition built separately', () => {
    const twin = dailyPartitionsDefinition({ start: '2024-01-01' });
    expect(subset('2024-01-01').union(twin.subsetWithKeys(['2024-01-02'])).count()).toBe(2);
  });

  it('round-trips through JSON as ISO ranges', () => {
    const s = subset('2024-01-01', '2024-01-02', '2024-01-10');
    const json = s.toJSON();
    expect(json).toEqual({
      kind: 'time-window',
      ranges: [
        { start: '2024-01-01T00:00:00.000Z', end: '2024-01-03T00:00:00.000Z' },
        { start: '2024-01-10T00:00:00.000Z', end: '2024-01-11T00:00:00.000Z' },
      ],
    });
    const back = partitionsSubsetFromJSON(daily, JSON.parse(JSON.stringify(json)));
    expect(back.keys()).toEqual(s.keys());
    expect(() => partitionsSubsetFromJSON(daily, { kind: 'time-window', ranges: [{ start: '2024-01-01T05:00:00Z', end: '2024-01-02T00:00:00Z' }] })).toThrow(/not a window boundary/);
    expect(() => partitionsSubsetFromJSON(daily, { kind: 'static', keys: [] })).toThrow(PartitionsSubsetMismatchError);
  });
});
