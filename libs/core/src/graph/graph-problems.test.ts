import { describe, expect, it } from 'vitest';
import { AssetGraph, type AssetNodeDescription } from './asset-graph.js';
import { formatAssetGraphProblem } from './graph-problems.js';

const node = (key: string, ...deps: string[]): AssetNodeDescription => ({ key: key.split('/'), deps: deps.map((d) => d.split('/')) });

describe('AssetGraph.problems', () => {
  it('is empty for a valid graph', () => {
    expect(AssetGraph.build([node('a'), node('b', 'a')]).problems()).toEqual([]);
  });

  it('reports every missing dependency, in input order', () => {
    const graph = AssetGraph.build([node('b', 'a', 'x'), node('c', 'y/z'), node('a')]);
    expect(graph.problems()).toEqual([
      { type: 'missing_dependency', key: ['b'], dependency: ['x'] },
      { type: 'missing_dependency', key: ['c'], dependency: ['y', 'z'] },
    ]);
    expect(graph.problems().map(formatAssetGraphProblem)).toEqual([
      'asset b depends on x, which is not defined',
      'asset c depends on y/z, which is not defined',
    ]);
    // The missing edge is left out; the rest of the graph still works.
    expect(graph.parents('b')).toEqual([['a']]);
  });

  it('reports duplicate keys and keeps the first node', () => {
    const graph = AssetGraph.build([node('a'), node('b'), { key: ['a'], group: 'second' }]);
    expect(graph.problems()).toEqual([{ type: 'duplicate_key', key: ['a'] }]);
    expect(graph.node('a').group).toBeUndefined();
    expect(graph.size).toBe(2);
    expect(formatAssetGraphProblem(graph.problems()[0]!)).toBe('asset a is defined more than once');
  });

  it('reports invalid keys of nodes and dependencies', () => {
    const graph = AssetGraph.build([{ key: ['ok', 'bad part'] }, { key: ['c'], deps: [['x.y']] }]);
    expect(graph.problems()).toEqual([
      { type: 'invalid_key', key: ['ok', 'bad part'], part: 'bad part', reason: expect.stringContaining('"bad part"') },
      { type: 'invalid_key', key: ['x.y'], part: 'x.y', reason: expect.any(String), dependent: ['c'] },
      { type: 'missing_dependency', key: ['c'], dependency: ['x.y'] },
    ]);
    expect(formatAssetGraphProblem(graph.problems()[1]!)).toMatch(/^invalid dependency of c \["x.y"\]: part "x.y"/);
  });

  it('reports one cycle per cyclic component, each as a path from its first key', () => {
    const graph = AssetGraph.build([
      node('q', 'p'), node('p', 'q'), // p <-> q
      node('c', 'b'), node('b', 'a'), node('a', 'c'), node('d', 'a'), // a -> b -> c -> a
      node('s', 's'), // self-loop
      node('ok'),
    ]);
    const cycles = graph.problems().filter((p) => p.type === 'cycle').map(formatAssetGraphProblem);
    expect(cycles).toEqual(['dependency cycle: a -> b -> c -> a', 'dependency cycle: p -> q -> p', 'dependency cycle: s -> s']);
  });

  it('reports the shortest cycle through the first key when a component has several', () => {
    // a -> b -> c -> d -> a and a shortcut b -> d.
    const graph = AssetGraph.build([node('a', 'd'), node('b', 'a'), node('c', 'b'), node('d', 'c', 'b')]);
    expect(graph.findCycle()?.map((key) => key.join('/'))).toEqual(['a', 'b', 'd', 'a']);
  });

  it('lists all problems together', () => {
    const graph = AssetGraph.build([node('a', 'b'), node('b', 'a'), node('c', 'missing'), node('c')]);
    expect(graph.problems().map((p) => p.type)).toEqual(['duplicate_key', 'missing_dependency', 'cycle']);
  });
});
