import { describe, expect, it } from 'vitest';
import { AssetGraph, type AssetNodeDescription } from '../graph/asset-graph.js';
import { evaluateAssetSelection } from './evaluate.js';

// Results only, never timings: large enough that a recursive or quadratic evaluation
// would overflow the stack or time out.
const N = 10_000;
const name = (i: number): string => `step_${String(i).padStart(5, '0')}`;

// A 10,000-long chain in group "even"/"odd" by index, with a side branch every 1,000 nodes.
const nodes: AssetNodeDescription[] = [];
for (let i = 0; i < N; i++) {
  nodes.push({ key: ['chain', name(i)], deps: i === 0 ? [] : [['chain', name(i - 1)]], group: i % 2 === 0 ? 'even' : 'odd', tags: i % 1000 === 0 ? { milestone: String(i / 1000) } : {} });
  if (i % 1000 === 999) nodes.push({ key: ['side', name(i)], deps: [['chain', name(i)]], kinds: ['report'] });
}
const graph = AssetGraph.build(nodes);
const count = (text: string): number => evaluateAssetSelection(text, graph).size;
const keys = (text: string): string[] => graph.keysOf(evaluateAssetSelection(text, graph)).map((key) => key.join('/'));

describe('evaluating selections on a 10,000-node graph', () => {
  it('walks the whole chain both ways', () => {
    expect(graph.size).toBe(N + 10);
    expect(count(`+key:chain/${name(N - 1)}`)).toBe(N);
    expect(count(`key:chain/${name(0)}+`)).toBe(N + 10);
    expect(count(`+key:side/${name(4999)}`)).toBe(5001);
  });

  it('honours depths deep in the chain', () => {
    expect(keys(`2+key:chain/${name(5000)}+1`)).toEqual([`chain/${name(4998)}`, `chain/${name(4999)}`, `chain/${name(5000)}`, `chain/${name(5001)}`]);
    expect(count(`100+key:chain/${name(9000)}`)).toBe(101);
  });

  it('combines traversals, filters and functions', () => {
    expect(count('group:even')).toBe(N / 2);
    expect(count(`group:odd and key:chain/${name(5000)}+`)).toBe(2500);
    // chain/step_09999 has a side branch too, so only the ten side assets are sinks.
    expect(keys('sinks(*)')).toEqual(Array.from({ length: 10 }, (_, j) => `side/${name(j * 1000 + 999)}`));
    expect(keys('roots(*)')).toEqual([`chain/${name(0)}`]);
    expect(keys('roots(tag:milestone)')).toEqual([`chain/${name(0)}`]);
    expect(count('sinks(tag:milestone)')).toBe(1);
    expect(keys(`kind:report and +key:side/${name(2999)}`)).toEqual([`side/${name(2999)}`]);
    // Side assets are in the default group, so `not group:even` has them already.
    expect(count('key:side/* or not group:even')).toBe(N / 2 + 10);
  });
});
