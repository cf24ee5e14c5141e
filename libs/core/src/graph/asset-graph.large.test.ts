import { describe, expect, it } from 'vitest';
import { AssetGraph, type AssetNodeDescription } from './asset-graph.js';

// Results only, never timings (benchmarks live in bench/). Sizes large enough that a
// recursive walk would overflow the stack or a quadratic one would time the test out.
const N = 10_000;
const name = (i: number): string => `n${String(i).padStart(5, '0')}`;

/** Deterministic PRNG (mulberry32) so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('a 10,000-node chain', () => {
  // n00000 -> n00001 -> ... -> n09999, given last node first.
  const nodes: AssetNodeDescription[] = [];
  for (let i = N - 1; i >= 0; i--) nodes.push({ key: [name(i)], deps: i === 0 ? [] : [[name(i - 1)]] });
  const graph = AssetGraph.build(nodes);

  it('walks it end to end without recursion', () => {
    expect(graph.upstream([name(N - 1)]).size).toBe(N);
    expect(graph.downstream([name(0)]).size).toBe(N);
    expect(graph.upstream([name(5000)], { depth: 10 }).size).toBe(11);
    expect(graph.keysOf(graph.downstream([name(9990)], { depth: 3, includeSelf: false }))).toEqual([[name(9991)], [name(9992)], [name(9993)]]);
  });

  it('orders it, finds its root and sink, and no problem', () => {
    const order = graph.topologicalOrder();
    expect(order.length).toBe(N);
    expect(order[0]).toEqual([name(0)]);
    expect(order[N - 1]).toEqual([name(N - 1)]);
    expect(graph.keysOf(graph.roots(graph.allSet()))).toEqual([[name(0)]]);
    expect(graph.keysOf(graph.sinks(graph.allSet()))).toEqual([[name(N - 1)]]);
    expect(graph.problems()).toEqual([]);
  });

  it('finds the cycle when the chain is closed', () => {
    const closed = AssetGraph.build([...nodes.slice(0, -1), { key: [name(0)], deps: [[name(N - 1)]] }]);
    const cycle = closed.findCycle()!;
    expect(cycle.length).toBe(N + 1);
    expect(cycle[0]).toEqual([name(0)]);
    expect(cycle[N]).toEqual([name(0)]);
  });
});

describe('a 10,000-node random DAG', () => {
  // Node i depends on up to 3 earlier nodes, mostly close by (deep) and sometimes far back (wide).
  const next = random(42);
  const deps: number[][] = [];
  for (let i = 0; i < N; i++) {
    const parents = new Set<number>();
    if (i > 0) for (let d = Math.floor(next() * 4); d > 0; d--) parents.add(next() < 0.7 ? Math.max(0, i - 1 - Math.floor(next() * 5)) : Math.floor(next() * i));
    deps.push([...parents]);
  }
  const nodes = deps.map((parents, i) => ({ key: ['g', name(i)], deps: parents.map((p) => ['g', name(p)]) }));
  // Shuffle the input so indices differ from the generation order.
  const shuffled = [...nodes].sort(() => next() - 0.5);
  const graph = AssetGraph.build(shuffled);

  /** Reference ancestors by a plain set-based BFS over the generation arrays. */
  function ancestors(start: number, depth = Infinity): Set<number> {
    const seen = new Set([start]);
    let frontier = [start];
    for (let level = 0; level < depth && frontier.length > 0; level++) {
      frontier = frontier.flatMap((n) => deps[n]!.filter((p) => !seen.has(p)).map((p) => (seen.add(p), p)));
    }
    return seen;
  }
  const idOf = (key: readonly string[]): number => Number(key[1]!.slice(1));

  it('orders every parent before its child', () => {
    const order = graph.topologicalOrder();
    expect(order.length).toBe(N);
    const position = new Map(order.map((key, i) => [idOf(key), i]));
    deps.forEach((parents, child) => parents.forEach((p) => expect(position.get(p)!).toBeLessThan(position.get(child)!)));
  });

  it('agrees with a reference walk upstream, with and without a depth', () => {
    for (const start of [N - 1, 7_777, 1_234]) {
      const expected = [...ancestors(start)].sort((a, b) => a - b);
      expect(graph.keysOf(graph.upstream([['g', name(start)]])).map(idOf)).toEqual(expected);
      const near = [...ancestors(start, 3)].sort((a, b) => a - b);
      expect(graph.keysOf(graph.upstream([['g', name(start)]], { depth: 3 })).map(idOf)).toEqual(near);
    }
  });

  it('agrees downstream: b is downstream of a exactly when a is upstream of b', () => {
    const down = graph.downstream([['g', name(100)]]);
    const expected = deps.map((_, i) => i).filter((i) => ancestors(i).has(100));
    expect(graph.keysOf(down).map(idOf)).toEqual(expected);
  });

  it('finds its roots (nodes without deps) and stays valid', () => {
    const roots = graph.keysOf(graph.roots(graph.allSet())).map(idOf);
    expect(roots).toEqual(deps.map((p, i) => (p.length === 0 ? i : -1)).filter((i) => i >= 0));
    expect(graph.problems()).toEqual([]);
  });
});
