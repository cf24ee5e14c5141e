import { InvalidUserResultError } from '../errors.js';
import { isDynamicOutputResult, isMaterializeResult, unwrapOutput, type DynamicOutputResult, type UnwrappedOutput } from '../assets/results.js';
import type { OpDefinitionData } from './op.js';

/** One output of an op call: a value, or the items of a dynamic output. */
export type OpOutput =
  | { readonly kind: 'value'; readonly outputName: string; readonly output: UnwrappedOutput }
  | { readonly kind: 'dynamic'; readonly outputName: string; readonly items: readonly DynamicOutputResult<unknown>[] };

/**
 * Interprets what an op function returned, for the engine: one entry per output. A
 * single-output op returns its value (or `Output(...)`); an op with `outs` returns a record
 * by output name with every output; a dynamic output is an iterable of
 * `DynamicOutput(value, mappingKey)` with unique mapping keys. Throws
 * {@link InvalidUserResultError} naming the op.
 */
export function collectOpOutputs(op: OpDefinitionData, returned: unknown): OpOutput[] {
  const what = `op ${op.name}`;
  const read = (outputName: string, value: unknown): OpOutput => {
    if (!op.isDynamicOutput(outputName)) {
      if (isMaterializeResult(value)) throw new InvalidUserResultError(what, 'ops return values or Output(...), not MaterializeResult');
      return { kind: 'value', outputName, output: unwrapOutput(value) };
    }
    if (typeof value !== 'object' || value === null || typeof (value as Iterable<unknown>)[Symbol.iterator] !== 'function') {
      throw new InvalidUserResultError(what, `dynamic output ${outputName} must be a list of DynamicOutput(value, mappingKey)`);
    }
    const items = [...(value as Iterable<unknown>)];
    const seen = new Set<string>();
    for (const item of items) {
      if (!isDynamicOutputResult(item)) throw new InvalidUserResultError(what, `dynamic output ${outputName} holds a value that is not a DynamicOutput`);
      if (seen.has(item.mappingKey)) throw new InvalidUserResultError(what, `dynamic output ${outputName} repeats mapping key ${item.mappingKey}`);
      seen.add(item.mappingKey);
    }
    return { kind: 'dynamic', outputName, items: items as DynamicOutputResult<unknown>[] };
  };
  if (op.outputMode === 'single') return [read(op.outputs[0]!.name, returned)];
  if (typeof returned !== 'object' || returned === null || Array.isArray(returned)) {
    throw new InvalidUserResultError(what, 'an op with outs returns a record of values by output name');
  }
  const record = returned as Record<string, unknown>;
  const unknown = Object.keys(record).filter((name) => !op.outputs.some((output) => output.name === name));
  if (unknown.length > 0) throw new InvalidUserResultError(what, `returned unknown outputs ${unknown.join(', ')}`);
  return op.outputs.map((output) => {
    if (!Object.hasOwn(record, output.name) || record[output.name] === undefined) {
      throw new InvalidUserResultError(what, `did not return output ${output.name}`);
    }
    return read(output.name, record[output.name]);
  });
}
