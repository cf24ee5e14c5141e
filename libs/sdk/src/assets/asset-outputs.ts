import { formatAssetKey, type AssetKey } from '@orrery/core';
import { InvalidUserResultError } from '../errors.js';
import type { ComputedAssetsDefinition } from './assets-definition.js';
import { unwrapOutput, type UnwrappedOutput } from './results.js';

/** One asset materialized by a function call. */
export interface AssetOutput {
  readonly key: AssetKey;
  readonly outputName: string;
  readonly output: UnwrappedOutput;
}

/**
 * Interprets what an asset or multi-asset function returned, for the engine: one entry
 * per materialized key. `selectedKeys` matters for a subsettable multi-asset (it must
 * return exactly the selected outputs, skippable ones may be missing); otherwise every
 * non-skippable output must be returned. Throws {@link InvalidUserResultError}.
 */
export function collectAssetOutputs(
  definition: ComputedAssetsDefinition,
  returned: unknown,
  selectedKeys: readonly AssetKey[] = definition.keys,
): AssetOutput[] {
  if (definition.kind === 'asset') {
    const [output] = definition.outputs;
    return [{ key: output!.key, outputName: output!.name, output: unwrapOutput(returned) }];
  }
  const what = `multi-asset ${definition.name}`;
  if (typeof returned !== 'object' || returned === null || Array.isArray(returned)) {
    throw new InvalidUserResultError(what, 'a multi-asset returns a record of values by output name');
  }
  const record = returned as Record<string, unknown>;
  const selected = new Set((definition.canSubset ? selectedKeys : definition.keys).map((key) => formatAssetKey(key)));
  const known = new Set(definition.outputs.map((output) => output.name));
  const unknown = Object.keys(record).filter((name) => !known.has(name));
  if (unknown.length > 0) throw new InvalidUserResultError(what, `returned unknown outputs ${unknown.join(', ')}`);
  const out: AssetOutput[] = [];
  for (const output of definition.outputs) {
    const present = Object.hasOwn(record, output.name) && record[output.name] !== undefined;
    if (!selected.has(formatAssetKey(output.key))) {
      if (present) throw new InvalidUserResultError(what, `returned output ${output.name}, which the run did not select`);
      continue;
    }
    if (!present) {
      if (output.skippable) continue;
      throw new InvalidUserResultError(what, `did not return output ${output.name}`);
    }
    out.push({ key: output.key, outputName: output.name, output: unwrapOutput(record[output.name]) });
  }
  return out;
}
