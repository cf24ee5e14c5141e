import type { JsonObject } from '@orrery/core';
import { normalizeMetadata, type Logger, type MetadataValueData, type OpNodeInput, type OutputRef, type UnwrappedOutput } from '@orrery/sdk';
import { ioManagerAt } from './asset-io.js';
import { mappedStepKey, type OpGraphPlan } from './op-graph-plan.js';
import { emitEvent, type RunScope } from './run-scope.js';

/** What the op steps of one run share besides the run scope. */
export interface OpRun {
  readonly graph: OpGraphPlan;
  /**
   * Outputs whose op returned `undefined` (`stepKey` NUL `storedName`): nothing was handed
   * to the IO manager — as Dagster stores nothing for a `Nothing` output — and inputs
   * reading them receive `undefined`. Lets `load()`-style ops return nothing under a JSON
   * IO manager.
   */
  readonly valueless: Set<string>;
}

/**
 * One stored op output: the run and step that produced it (the parent run's, for a step
 * outside the step selection) and the name it is stored under.
 */
interface StoredOutput {
  readonly ref: OutputRef;
  readonly runId: string;
  readonly stepKey: string;
  readonly storedName: string;
}

/**
 * The name an output is stored under. An item of a dynamic output carries its mapping key
 * (`result[file_3]`): the SDK's InputContext names the upstream by step and output only,
 * so without it every item of `split` would land on the same `split/result`.
 */
export const storedOutputName = (outputName: string, itemKey: string | undefined) =>
  itemKey === undefined ? outputName : `${outputName}[${itemKey}]`;

const valuelessId = (stepKey: string, storedName: string) => `${stepKey}\u0000${storedName}`;

/**
 * Loads an input of step `stepKey` (mapped with `mappingKey`, if any) through the IO
 * manager of each upstream output (LOADED_INPUT per value): one value for an `output`
 * input, a list for `fan_in` (in the order given) and `collect` (in mapping-key order of
 * emission). An output of a step outside the step selection is read from the parent run.
 */
export async function loadOpInput(
  scope: RunScope,
  run: OpRun,
  target: { stepKey: string; mappingKey: string | undefined; inputName: string; input: OpNodeInput },
  log: Logger,
): Promise<unknown> {
  const { input } = target;
  const load = (source: StoredOutput) => loadOne(scope, run, target.stepKey, target.inputName, source, log);
  const sourceOf = (ref: OutputRef, key: string | undefined) => storedOutputOf(run.graph, ref, key, run.graph.selection.runStoring(ref.node, scope.runId));
  if (input.kind === 'output') return await load(sourceOf(input, target.mappingKey));
  const sources =
    input.kind === 'fan_in' ? input.sources.map((ref) => sourceOf(ref, undefined)) : run.graph.mappingKeys(input).map((key) => sourceOf(input, key));
  const values: unknown[] = [];
  // One at a time: IO managers may hold a single connection.
  for (const source of sources) values.push(await load(source));
  return values;
}

/**
 * Stores one output of step `stepKey` through its IO manager (HANDLED_OUTPUT), or records
 * that it has no value. `itemKey` is the mapping key of a dynamic output's item;
 * `mappingKey` that of the step itself when it is mapped.
 */
export async function storeOpOutput(
  scope: RunScope,
  run: OpRun,
  source: { stepKey: string; mappingKey: string | undefined; ref: OutputRef; itemKey?: string },
  output: Pick<UnwrappedOutput, 'value' | 'metadata'>,
  log: Logger,
): Promise<void> {
  const { stepKey, ref, itemKey } = source;
  const storedName = storedOutputName(ref.output, itemKey);
  if (output.value === undefined) {
    run.valueless.add(valuelessId(stepKey, storedName));
    return;
  }
  run.valueless.delete(valuelessId(stepKey, storedName));
  const ioManager = run.graph.ioManagerKeyOf(ref);
  const spec = run.graph.opOf(ref.node).outs[ref.output];
  const handled = await ioManagerAt(scope, ioManager).handleOutput(
    {
      runId: scope.runId, stepKey, outputName: storedName, assetKey: undefined, partitionKeys: [],
      mappingKey: itemKey ?? source.mappingKey, definitionMetadata: spec?.metadata ?? {}, log,
    },
    output.value,
  );
  const metadata: Record<string, MetadataValueData> = { ...output.metadata, ...normalizeMetadata(handled?.metadata) };
  emitEvent(scope, 'HANDLED_OUTPUT', {
    stepKey,
    message: `stored output ${storedName} with ${ioManager}`,
    data: { outputName: ref.output, ...(itemKey === undefined ? {} : { mappingKey: itemKey }), ioManager, metadata } as unknown as JsonObject,
  });
}

async function loadOne(scope: RunScope, run: OpRun, stepKey: string, inputName: string, source: StoredOutput, log: Logger): Promise<unknown> {
  const fromThisRun = source.runId === scope.runId;
  if (fromThisRun && run.valueless.has(valuelessId(source.stepKey, source.storedName))) return undefined;
  const ioManager = run.graph.ioManagerKeyOf(source.ref);
  const value = await ioManagerAt(scope, ioManager).loadInput({
    runId: scope.runId, stepKey, inputName, assetKey: undefined, partitionKeys: [],
    upstreamOutput: { runId: source.runId, stepKey: source.stepKey, outputName: source.storedName }, log,
  });
  emitEvent(scope, 'LOADED_INPUT', {
    stepKey,
    message: `loaded input ${inputName} from ${source.stepKey}.${source.storedName}${fromThisRun ? '' : ` of parent run ${source.runId}`} with ${ioManager}`,
    data: {
      inputName, upstreamStepKey: source.stepKey, upstreamOutputName: source.storedName, ioManager,
      ...(fromThisRun ? {} : { upstreamRunId: source.runId }),
    },
  });
  return value;
}

/**
 * Where an output is stored in run `runId` for a consumer with mapping key `key`: a mapped
 * node's output by the mapped step (`process[a]`), a dynamic output's item by its name
 * (`result[a]`), anything else as is.
 */
function storedOutputOf(graph: OpGraphPlan, ref: OutputRef, key: string | undefined, runId: string): StoredOutput {
  const plain = { node: ref.node, output: ref.output };
  if (graph.node(ref.node).mappedOver !== undefined) return { ref: plain, runId, stepKey: mappedStepKey(ref.node, key!), storedName: ref.output };
  if (graph.opOf(ref.node).isDynamicOutput(ref.output)) return { ref: plain, runId, stepKey: ref.node, storedName: storedOutputName(ref.output, key) };
  return { ref: plain, runId, stepKey: ref.node, storedName: ref.output };
}
