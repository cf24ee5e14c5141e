import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { DynamicOutput } from '../assets/results.js';
import { InvalidDefinitionError } from '../errors.js';
import { job } from '../jobs/job.js';
import type { DynamicOutputHandle, OutputHandle } from './composition.js';
import { graph } from './graph.js';
import { DynamicOut, In, Out, op } from './op.js';

const extract = op({ name: 'extract' }, () => [1, 2, 3]);
const transform = op({ name: 'transform', ins: { rows: In<number[]>() } }, (_ctx, { rows }) => rows.map((n) => n * 2));
const load = op({ name: 'load', ins: { rows: In<number[]>() }, config: z.object({ table: z.string() }) }, () => undefined);
const join = op({ name: 'join', ins: { left: In<number[]>(), right: In<number[]>() } }, (_ctx, { left, right }) => [...left, ...right]);
const split = op({ name: 'split', out: DynamicOut<string>() }, () => ['a', 'b'].map((f) => DynamicOutput(f, f)));
const process = op({ name: 'process', ins: { file: In<string>() } }, (_ctx, { file }) => file.length);
const sum = op({ name: 'sum', ins: { sizes: In<number[]>() } }, (_ctx, { sizes }) => sizes.reduce((a, b) => a + b, 0));

describe('job composition', () => {
  it('records invocations, inputs and automatic aliases', () => {
    const etl = job({ name: 'etl' }, () => {
      const rows = extract();
      load(transform(rows));
      load(transform({ rows: extract() }));
    });
    expect(etl.graph.nodes.map((node) => node.alias)).toEqual(['extract', 'transform', 'load', 'extract_2', 'transform_2', 'load_2']);
    expect(etl.graph.nodes[1]).toEqual({ alias: 'transform', op: 'transform', inputs: { rows: { kind: 'output', node: 'extract', output: 'result' } }, graphPath: [] });
    expect(etl.graph.nodes[5]!.inputs).toEqual({ rows: { kind: 'output', node: 'transform_2', output: 'result' } });
    expect([...etl.ops.keys()].sort()).toEqual(['extract', 'load', 'transform']);
    expect(etl.configEntries.map((entry) => entry.path)).toEqual([['load'], ['load_2']]);
  });

  it('takes explicit aliases, named inputs and fan-in lists', () => {
    const fan = job({ name: 'fan' }, () => {
      const a = extract.alias('from_a')();
      const b = extract.alias('from_b')();
      join({ left: a, right: b });
      sum([a as unknown as OutputHandle<number>, b as unknown as OutputHandle<number>]);
    });
    expect(fan.graph.nodes.find((n) => n.op === 'join')!.inputs).toEqual({
      left: { kind: 'output', node: 'from_a', output: 'result' },
      right: { kind: 'output', node: 'from_b', output: 'result' },
    });
    expect(fan.graph.nodes.find((n) => n.op === 'sum')!.inputs.sizes).toEqual({
      kind: 'fan_in',
      sources: [{ node: 'from_a', output: 'result' }, { node: 'from_b', output: 'result' }],
    });
  });

  it('records dynamic fan-out with map and fan-in with collect', () => {
    const files = job({ name: 'files' }, () => {
      const sizes = split().map((file) => process(file));
      sum(sizes.collect());
    });
    const [splitNode, processNode, sumNode] = files.graph.nodes;
    expect(splitNode!.mappedOver).toBeUndefined();
    expect(processNode).toMatchObject({ alias: 'process', mappedOver: { node: 'split', output: 'result' }, inputs: { file: { kind: 'output', node: 'split', output: 'result' } } });
    expect(sumNode).toMatchObject({ alias: 'sum', inputs: { sizes: { kind: 'collect', node: 'process', output: 'result' } } });
    expect(sumNode!.mappedOver).toBeUndefined();
  });

  it('keeps chained maps in the scope of the first dynamic output', () => {
    const double = op({ name: 'double', ins: { n: In<number>() } }, (_ctx, { n }) => n * 2);
    const chained = job({ name: 'chained' }, () => {
      sum(split().map((file) => process(file)).map((size) => double(size)).collect());
    });
    expect(chained.graph.nodes.find((n) => n.op === 'double')).toMatchObject({
      mappedOver: { node: 'split', output: 'result' },
      inputs: { n: { kind: 'output', node: 'process', output: 'result' } },
    });
    expect(chained.graph.nodes.at(-1)!.inputs.sizes).toEqual({ kind: 'collect', node: 'double', output: 'result' });
  });

  it('inlines graphs with their alias as a prefix, and runs a graph as a whole job', () => {
    const clean = graph({ name: 'clean', ins: { rows: In<number[]>() } }, ({ rows }) => transform(rows));
    const withGraph = job({ name: 'with_graph' }, () => {
      load(clean(extract()));
    });
    expect(withGraph.graph.nodes.map((n) => [n.alias, n.graphPath])).toEqual([
      ['extract', []],
      ['clean.transform', ['clean']],
      ['load', []],
    ]);
    expect(withGraph.graph.nodes[2]!.inputs.rows).toEqual({ kind: 'output', node: 'clean.transform', output: 'result' });
    const whole = graph({ name: 'whole' }, () => load(transform(extract())));
    expect(job({ name: 'from_graph' }, whole).graph.nodes.map((n) => n.alias)).toEqual(['extract', 'transform', 'load']);
  });

  it('returns a record of handles for named outputs', () => {
    const two = op({ name: 'two', outs: { evens: Out<number[]>(), odds: Out<number[]>() } }, () => ({ evens: [2], odds: [1] }));
    const both = job({ name: 'both' }, () => {
      const { evens, odds } = two();
      join({ left: evens, right: odds });
    });
    expect(both.graph.nodes[1]!.inputs).toEqual({
      left: { kind: 'output', node: 'two', output: 'evens' },
      right: { kind: 'output', node: 'two', output: 'odds' },
    });
  });

  it('refuses misuse with a named error', () => {
    expect(() => extract()).toThrow(InvalidDefinitionError);
    expect(() => job({ name: 'missing' }, () => (join as unknown as (x: object) => void)({ left: extract() }))).toThrow(/missing input right/);
    expect(() => job({ name: 'unknown' }, () => (extract as unknown as (x: object) => void)({ nope: 1 }))).toThrow(/has no input nope/);
    expect(() => job({ name: 'dup_alias' }, () => [extract.alias('x')(), extract.alias('x')()])).toThrow(/alias "x" is used twice/);
    expect(() => job({ name: 'raw_dynamic' }, () => (process as unknown as (x: unknown) => void)(split()))).toThrow(/through .map\(\) or .collect\(\)/);
    const nested = op({ name: 'nested', ins: { file: In<string>() }, out: DynamicOut<string>() }, () => []);
    expect(() => job({ name: 'nested_dynamic' }, () => split().map((f) => nested(f) as never))).toThrow(/nested dynamic outputs/);
    expect(() => job({ name: 'async_body' }, (async () => extract()) as () => unknown)).toThrow(/synchronous/);
    expect(() => job({ name: 'empty' }, () => undefined)).toThrow(/invokes no op/);
    const other = op({ name: 'extract' }, () => [0]);
    expect(() => job({ name: 'clash' }, () => [extract(), other()])).toThrow(/two different ops are named "extract"/);
  });

  it('types inputs and outputs from the definitions', () => {
    expectTypeOf(extract).returns.toEqualTypeOf<OutputHandle<number[]>>();
    expectTypeOf(split).returns.toEqualTypeOf<DynamicOutputHandle<string>>();
    expectTypeOf<OutputHandle<number[]>>().toExtend<Parameters<typeof transform>[0]>();
    expectTypeOf<{ rows: OutputHandle<number[]> }>().toExtend<Parameters<typeof transform>[0]>();
    expectTypeOf<OutputHandle<string>>().not.toExtend<Parameters<typeof transform>[0]>();
    job({ name: 'typed' }, () => {
      const sizes = split().map((file) => {
        expectTypeOf(file).toEqualTypeOf<OutputHandle<string>>();
        return process(file);
      });
      expectTypeOf(sizes.collect()).toEqualTypeOf<OutputHandle<number[]>>();
      sum(sizes.collect());
      // @ts-expect-error a string handle is not a number[] input
      transform(split().map((file) => file).collect());
    });
  });
});
