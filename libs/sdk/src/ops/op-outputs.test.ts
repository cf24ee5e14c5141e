import { describe, expect, it } from 'vitest';
import { DynamicOutput, MaterializeResult, Output } from '../assets/results.js';
import { InvalidUserResultError } from '../errors.js';
import { DynamicOut, Out, op } from './op.js';
import { collectOpOutputs } from './op-outputs.js';

const single = op({ name: 'single' }, () => 1);
const dynamic = op({ name: 'dynamic', out: DynamicOut<number>() }, () => []);
const multi = op({ name: 'multi', outs: { a: Out<number>(), items: DynamicOut<string>() } }, () => ({ a: 1, items: [] }));

describe('collectOpOutputs', () => {
  it('reads single values, Output wrappers and dynamic items', () => {
    expect(collectOpOutputs(single, 5)).toEqual([{ kind: 'value', outputName: 'result', output: expect.objectContaining({ value: 5, hasValue: true }) }]);
    expect(collectOpOutputs(single, Output(5, { metadata: { n: 1 } }))[0]).toMatchObject({ output: { value: 5, metadata: { n: { type: 'int', value: 1 } } } });
    const items = collectOpOutputs(dynamic, [DynamicOutput(1, 'a'), DynamicOutput(2, 'b')]);
    expect(items).toMatchObject([{ kind: 'dynamic', outputName: 'result', items: [{ value: 1, mappingKey: 'a' }, { value: 2, mappingKey: 'b' }] }]);
    expect(collectOpOutputs(multi, { a: 1, items: [DynamicOutput('x', 'x')] }).map((o) => o.kind)).toEqual(['value', 'dynamic']);
  });

  it('refuses what the engine cannot store', () => {
    expect(() => collectOpOutputs(dynamic, [DynamicOutput(1, 'a'), DynamicOutput(2, 'a')])).toThrow(/repeats mapping key a/);
    expect(() => collectOpOutputs(dynamic, [1])).toThrow(/not a DynamicOutput/);
    expect(() => collectOpOutputs(dynamic, 3)).toThrow(InvalidUserResultError);
    expect(() => collectOpOutputs(multi, { a: 1 })).toThrow(/did not return output items/);
    expect(() => collectOpOutputs(multi, { a: 1, items: [], extra: 2 })).toThrow(/unknown outputs extra/);
    expect(() => collectOpOutputs(single, MaterializeResult({ value: 1 }))).toThrow(/not MaterializeResult/);
    expect(() => DynamicOutput(1, 'bad key')).toThrow(/mapping key/);
  });
});
