import { describe, expect, it } from 'vitest';
import { staticPartitionsDefinition } from '../definitions.js';
import { InvalidPartitionKeyRangeError, InvalidPartitionKeysError, PartitionKeyNotFoundError, PartitionsSubsetMismatchError } from '../errors.js';
import { partitionsSubsetFromJSON } from '../json/from-json.js';
import { findPartitionKeyProblem } from '../partition-key.js';

describe('static partitions', () => {
  const regions = staticPartitionsDefinition(['eu', 'us', 'apac', 'latam']);

  it('keep keys in the given order', () => {
    expect(regions.allKeys()).toEqual(['eu', 'us', 'apac', 'latam']);
    expect(regions.count()).toBe(4);
    expect(regions.firstKey()).toBe('eu');
    expect(regions.lastKey()).toBe('latam');
    expect(regions.keysInRange({ start: 'us', end: 'latam' })).toEqual(['us', 'apac', 'latam']);
    expect(() => regions.keysInRange({ start: 'latam', end: 'us' })).toThrow(InvalidPartitionKeyRangeError);
    expect(() => regions.keysInRange({ start: 'eu', end: 'mars' })).toThrow(PartitionKeyNotFoundError);
  });

  it('name every duplicated or invalid key', () => {
    try {
      staticPartitionsDefinition(['a', 'b', 'a', 'x,y', 'p|q', 'r[1]', '2024...2025', 'star*', '', ' pad', 'tab\there', 'a']);
      expect.fail('no error');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidPartitionKeysError);
      const problems = (error as InvalidPartitionKeysError).problems;
      expect(problems.map((p) => p.key)).toEqual(['a', 'x,y', 'p|q', 'r[1]', '2024...2025', 'star*', '', ' pad', 'tab\there']);
      expect((error as Error).message).toContain('"a" is duplicated');
      expect((error as Error).message).toContain('"x,y" contains ","');
      expect((error as Error).message).toContain('"2024...2025" contains "..."');
      expect((error as Error).message).toContain('"tab\\there" contains a control character');
    }
  });

  it('allow single dots and inner spaces', () => {
    expect(findPartitionKeyProblem('v1.2')).toBeUndefined();
    expect(findPartitionKeyProblem('new york')).toBeUndefined();
    expect(staticPartitionsDefinition(['file.csv']).hasKey('file.csv')).toBe(true);
  });

  it('hold subsets as bitsets with set algebra', () => {
    const keys = Array.from({ length: 100 }, (_, i) => `k${i}`);
    const def = staticPartitionsDefinition(keys);
    const evens = def.subsetWithKeys(keys.filter((_, i) => i % 2 === 0));
    const low = def.subsetWithKeys(keys.slice(0, 40));
    expect(evens.count()).toBe(50);
    expect(evens.intersection(low).count()).toBe(20);
    expect(evens.union(low).count()).toBe(70);
    expect(low.difference(evens).keys().slice(0, 3)).toEqual(['k1', 'k3', 'k5']);
    expect(def.allSubset().count()).toBe(100);
    expect(def.allSubset().contains('k99')).toBe(true);
    expect(def.emptySubset().isEmpty()).toBe(true);
    expect(low.keyRanges()).toEqual([{ start: 'k0', end: 'k39' }]);
    expect(def.subsetWithKeys(['k5', 'k6', 'k31', 'k32', 'k33', 'k90']).keyRanges()).toEqual([
      { start: 'k5', end: 'k6' }, { start: 'k31', end: 'k33' }, { start: 'k90', end: 'k90' },
    ]);
    expect(() => def.subsetWithKeys(['k100'])).toThrow(PartitionKeyNotFoundError);
    expect(() => evens.union(regions.emptySubset())).toThrow(PartitionsSubsetMismatchError);
  });

  it('round-trip subsets through JSON as keys', () => {
    const s = regions.subsetWithKeys(['latam', 'eu']);
    expect(s.toJSON()).toEqual({ kind: 'static', keys: ['eu', 'latam'] });
    expect(partitionsSubsetFromJSON(regions, s.toJSON()).keys()).toEqual(['eu', 'latam']);
    expect(() => partitionsSubsetFromJSON(regions, { kind: 'static', keys: ['mars'] })).toThrow(PartitionKeyNotFoundError);
  });

  it('scale to 100,000 keys', () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => `p${i}`);
    const def = staticPartitionsDefinition(keys);
    const all = def.allSubset();
    expect(all.count()).toBe(100_000);
    const tail = all.difference(def.subsetWithKeys(keys.slice(0, 99_990)));
    expect(tail.keys()).toEqual(keys.slice(99_990));
    expect(def.keysInRange({ start: 'p0', end: 'p99999' })).toHaveLength(100_000);
  });
});
