import { describe, expect, it } from 'vitest';
import { formatAssetKey, type AssetKey } from './asset-key.js';
import { AssetGraph, UnknownAssetKeyError, type AssetNodeDescription } from './asset-graph.js';
import { AssetGraphCycleError } from './graph-problems.js';
import type { AssetNodeSet } from './node-set.js';

const k = (s: string): AssetKey => s.split('/');
const node = (key: string, ...deps: string[]): AssetNodeDescription => ({ key: k(key), deps: deps.map(k) });
const names = (graph: AssetGraph, set: AssetNodeSet): string[] => graph.keysOf(set).map((key) => formatAssetKey(key));
const strings = (keys: readonly AssetKey[]): string[] => keys.map((key) => formatAssetKey(key));

// a -> b -> d -> e, a -> c -> d, and f on its own; listed out of order on purpose.
const diamond = AssetGraph.build([node('e', 'd'), node('d', 'b', 'c'), node('c', 'a'), node('b', 'a'), node('a'), node('f')]);

describe('AssetGraph lookups', () => {
  it('indexes keys in input order and finds them by key or user string', () => {
    expect(diamond.size).toBe(6);
    expect(diamond.indexOf('e')).toBe(0);
    expect(diamond.indexOf(['a'])).toBe(4);
    expect(diamond.has('zzz')).toBe(false);
    expect(diamond.node('d').deps).toEqual([['b'], ['c']]);
    expect(diamond.keyStringAt(1)).toBe('d');
    expect(() => diamond.node('zzz')).toThrow(UnknownAssetKeyError);
    expect(() => diamond.keyAt(99)).toThrow(RangeError);
  });

  it('keeps the caller’s node objects, extra fields included', () => {
    const graph = AssetGraph.build([{ key: ['x'], definitionName: 'x_fn' }]);
    expect(graph.node('x').definitionName).toBe('x_fn');
  });

  it('lists parents and children by key string', () => {
    expect(strings(diamond.parents('d'))).toEqual(['b', 'c']);
    expect(strings(diamond.children('a'))).toEqual(['b', 'c']);
    expect(diamond.parents('a')).toEqual([]);
    expect(diamond.children('f')).toEqual([]);
    expect(() => diamond.children('nope')).toThrow('asset nope is not in the asset graph');
  });

  it('ignores a dependency listed twice', () => {
    const graph = AssetGraph.build([node('a'), node('b', 'a', 'a')]);
    expect(strings(graph.parents('b'))).toEqual(['a']);
    expect(graph.problems()).toEqual([]);
  });

  it('handles multi-part keys', () => {
    const graph = AssetGraph.build([node('raw/customers'), node('stg/customers', 'raw/customers')]);
    expect(graph.children(['raw', 'customers'])).toEqual([['stg', 'customers']]);
  });
});

describe('AssetGraph traversal', () => {
  it('closes upstream and downstream, including the start', () => {
    expect(names(diamond, diamond.upstream(['d']))).toEqual(['a', 'b', 'c', 'd']);
    expect(names(diamond, diamond.downstream(['b']))).toEqual(['b', 'd', 'e']);
    expect(names(diamond, diamond.downstream(['f']))).toEqual(['f']);
  });

  it('stops at a depth: 1 is the direct neighbours, 0 the start only', () => {
    expect(names(diamond, diamond.upstream(['e'], { depth: 1 }))).toEqual(['d', 'e']);
    expect(names(diamond, diamond.upstream(['e'], { depth: 2 }))).toEqual(['b', 'c', 'd', 'e']);
    expect(names(diamond, diamond.upstream(['e'], { depth: 0 }))).toEqual(['e']);
    expect(names(diamond, diamond.downstream(['a'], { depth: 2 }))).toEqual(['a', 'b', 'c', 'd']);
    expect(() => diamond.upstream(['e'], { depth: -1 })).toThrow(RangeError);
    expect(() => diamond.upstream(['e'], { depth: 1.5 })).toThrow(RangeError);
  });

  it('measures depth from the nearest start when walking from several', () => {
    expect(names(diamond, diamond.downstream(['a', 'd'], { depth: 1 }))).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('can leave the start out', () => {
    expect(names(diamond, diamond.upstream(['d'], { includeSelf: false }))).toEqual(['a', 'b', 'c']);
  });

  it('finds roots and sinks of a subset, through paths that leave it (Dagster)', () => {
    expect(names(diamond, diamond.roots(diamond.allSet()))).toEqual(['a', 'f']);
    expect(names(diamond, diamond.sinks(diamond.allSet()))).toEqual(['e', 'f']);
    // a -> b -> d: d has no parent in {a, d} but a is upstream of it, so only a is a root.
    expect(names(diamond, diamond.roots(['a', 'd']))).toEqual(['a']);
    expect(names(diamond, diamond.sinks(['a', 'd']))).toEqual(['d']);
    expect(names(diamond, diamond.roots(['b', 'c']))).toEqual(['b', 'c']);
    expect(diamond.roots([]).isEmpty).toBe(true);
  });
});

describe('AssetGraph.topologicalOrder', () => {
  it('puts parents first and breaks ties by key string', () => {
    expect(strings(diamond.topologicalOrder())).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    const graph = AssetGraph.build([node('z'), node('y', 'z'), node('x'), node('m', 'x')]);
    // x and z are ready first; x goes first, which makes m ready before z (m < z).
    expect(strings(graph.topologicalOrder())).toEqual(['x', 'm', 'z', 'y']);
  });

  it('does not depend on input order', () => {
    const reversed = AssetGraph.build([...diamond.nodes].reverse());
    expect(strings(reversed.topologicalOrder())).toEqual(strings(diamond.topologicalOrder()));
  });

  it('orders a subset consistently with the whole graph', () => {
    expect(strings(diamond.topologicalOrder(['e', 'a', 'c']))).toEqual(['a', 'c', 'e']);
  });

  it('throws the cycle’s path on a cyclic graph', () => {
    const graph = AssetGraph.build([node('a', 'c'), node('b', 'a'), node('c', 'b'), node('d', 'c')]);
    expect(() => graph.topologicalOrder()).toThrow(AssetGraphCycleError);
    expect(() => graph.topologicalOrder()).toThrow('dependency cycle: a -> b -> c -> a');
    expect(graph.findCycle()).toEqual([['a'], ['b'], ['c'], ['a']]);
    expect(diamond.findCycle()).toBeUndefined();
  });
});
