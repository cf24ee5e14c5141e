import { describe, expect, it } from 'vitest';
import { AssetNodeSet, AssetNodeSetBuilder } from './node-set.js';

describe('AssetNodeSet', () => {
  it('holds indices across word boundaries', () => {
    const set = AssetNodeSet.of(70, [0, 31, 32, 63, 64, 69]);
    expect(set.indices()).toEqual([0, 31, 32, 63, 64, 69]);
    expect(set.size).toBe(6);
    expect(set.has(31)).toBe(true);
    expect(set.has(30)).toBe(false);
    expect(set.has(70)).toBe(false);
    expect(set.has(-1)).toBe(false);
  });

  it('combines sets and complements within the capacity', () => {
    const a = AssetNodeSet.of(40, [1, 2, 3, 39]);
    const b = AssetNodeSet.of(40, [3, 4]);
    expect(a.union(b).indices()).toEqual([1, 2, 3, 4, 39]);
    expect(a.intersection(b).indices()).toEqual([3]);
    expect(a.difference(b).indices()).toEqual([1, 2, 39]);
    expect(a.complement().size).toBe(36);
    expect(a.complement().has(40)).toBe(false);
    expect(AssetNodeSet.full(40).complement().isEmpty).toBe(true);
    expect(AssetNodeSet.full(32).size).toBe(32);
    expect(AssetNodeSet.full(0).size).toBe(0);
    expect(a.union(b).equals(b.union(a))).toBe(true);
  });

  it('refuses sets of another graph and indices out of range', () => {
    expect(() => AssetNodeSet.of(3, [0]).union(AssetNodeSet.of(4, [0]))).toThrow(RangeError);
    expect(() => new AssetNodeSetBuilder(3).add(3)).toThrow(RangeError);
  });

  it('builder reports whether an index was new', () => {
    const builder = AssetNodeSet.of(10, [2]).toBuilder();
    expect(builder.add(2)).toBe(false);
    expect(builder.add(5)).toBe(true);
    expect(builder.build().indices()).toEqual([2, 5]);
  });
});
