import { toErrorInfo } from '@orrery/contracts';
import { formatAssetKey, parseAssetKey, type JsonObject, type PlanStep } from '@orrery/core';
import {
  collectAssetOutputs, normalizeObservation,
  type AssetExecutionContext, type AssetCheckResultData, type ComputedAssetsDefinition, type ObservableSourceAssetDefinition,
} from '@orrery/sdk';
import type { StepAttempt, StepAttemptResult } from '../scheduler/step-attempt.js';
import { loadAssetInput, storeAssetOutput } from './asset-io.js';
import { BlockingCheckFailedError } from './blocking-check-failed-error.js';
import { stepRunContext } from './step-run-context.js';
import { emitEvent, stepLogger, type RunScope } from './run-scope.js';
import { partitionContextFor } from './step-partitions.js';

/**
 * Runs one attempt of an asset step: loads its inputs, calls the function, stores each
 * selected output through its IO manager and records the materializations (one per
 * partition, as Dagster does) and any check results the function returned. On failure
 * every selected key gets ASSET_FAILED_TO_MATERIALIZE and the error goes to the scheduler.
 */
export async function runAssetStep(scope: RunScope, attempt: StepAttempt): Promise<StepAttemptResult> {
  const { step } = attempt;
  const definition = scope.definitions.getAssetsDefinition(step.assetKeys![0]!);
  if (definition.kind === 'observable_source') return await observe(scope, attempt, definition);
  if (definition.kind === 'external') throw new Error(`external asset ${definition.name} is never computed`);
  try {
    return await materialize(scope, attempt, definition);
  } catch (error) {
    for (const key of step.assetKeys!) {
      emitEvent(scope, 'ASSET_FAILED_TO_MATERIALIZE', {
        stepKey: step.key, assetKey: key, level: 'ERROR', message: `${key} failed to materialize`,
        data: { error: toErrorInfo(error) as unknown as JsonObject, attempt: attempt.attempt },
      });
    }
    throw error;
  }
}

async function materialize(scope: RunScope, attempt: StepAttempt, definition: ComputedAssetsDefinition): Promise<StepAttemptResult> {
  const { step } = attempt;
  const log = stepLogger(scope, step.key);
  const selectedKeys = step.assetKeys!.map(parseAssetKey);
  const firstNode = scope.definitions.getAssetNode(selectedKeys[0]!);
  const inputs: Record<string, unknown> = {};
  for (const [name, input] of Object.entries(definition.ins)) {
    inputs[name] = await loadAssetInput(scope, step.key, name, firstNode, input.key, log);
  }
  const partition = partitionContextFor(scope, definition.partitions);
  const context: AssetExecutionContext<unknown, Readonly<Record<string, unknown>>> = {
    ...stepRunContext(scope, step.key, log, attempt.signal),
    ...partition,
    opName: definition.name, stepKey: step.key, config: scope.runConfig.get(definition.name), mappingKey: undefined,
    retryNumber: attempt.attempt - 1,
    assetKey: selectedKeys[0]!, assetKeys: definition.keys, selectedAssetKeys: selectedKeys,
    selectedCheckNames: firstNode.spec.checks.map((check) => check.name),
  };
  const returned = await definition.compute(context, inputs);
  const outputs = collectAssetOutputs(definition, returned, selectedKeys);
  const checkResults: { assetKey: string; result: AssetCheckResultData }[] = [];
  for (const { key, outputName, output } of outputs) {
    const node = scope.definitions.getAssetNode(key);
    const ioMetadata = output.hasValue ? await storeAssetOutput(scope, step.key, node, outputName, partition.partitionKeys, output.value, log) : {};
    const metadata = { ...output.metadata, ...ioMetadata } as unknown as JsonObject;
    for (const partitionKey of partition.partitionKeys.length > 0 ? partition.partitionKeys : [null]) {
      emitEvent(scope, 'ASSET_MATERIALIZATION', {
        stepKey: step.key, assetKey: node.keyString, partition: partitionKey, message: `materialized ${node.keyString}`,
        data: { metadata, ...(output.dataVersion ? { dataVersion: output.dataVersion } : {}) },
      });
    }
    for (const result of output.checkResults) checkResults.push({ assetKey: node.keyString, result });
  }
  recordCheckResults(scope, step, checkResults);
  return { skipDependents: dependentsOfMissingOutputs(scope, step, outputs.map((output) => formatAssetKey(output.key))) };
}

/** Emits the check results an asset function returned; a failed blocking ERROR check fails the step. */
function recordCheckResults(scope: RunScope, step: PlanStep, results: { assetKey: string; result: AssetCheckResultData }[]): void {
  let failedBlocking: string | undefined;
  for (const { assetKey, result } of results) {
    const spec = scope.definitions.getAssetNode(assetKey).spec.checks.find((check) => check.name === result.checkName);
    const checkKey = `${assetKey}:${result.checkName ?? 'check'}`;
    emitEvent(scope, 'ASSET_CHECK_EVALUATION', {
      stepKey: step.key, assetKey, level: result.passed ? 'INFO' : result.severity === 'ERROR' ? 'ERROR' : 'WARNING',
      message: `check ${checkKey} ${result.passed ? 'passed' : 'failed'}`,
      data: { checkName: result.checkName ?? null, passed: result.passed, severity: result.severity, blocking: spec?.blocking ?? false, metadata: result.metadata as unknown as JsonObject },
    });
    if (!result.passed && result.severity === 'ERROR' && spec?.blocking) failedBlocking ??= checkKey;
  }
  if (failedBlocking) throw new BlockingCheckFailedError(failedBlocking);
}

/**
 * A subsettable multi-asset may leave out skippable outputs; steps that need one of them
 * are skipped, as Dagster skips the consumers of an output that was not yielded.
 */
function dependentsOfMissingOutputs(scope: RunScope, step: PlanStep, produced: string[]): string[] {
  const missing = step.assetKeys!.filter((key) => !produced.includes(key));
  if (missing.length === 0) return [];
  const skip = new Set<string>();
  for (const key of missing) {
    for (const child of scope.definitions.assetGraph.children(key)) skip.add(scope.definitions.getAssetNode(child).definition.name);
  }
  return [...skip];
}

async function observe(scope: RunScope, attempt: StepAttempt, definition: ObservableSourceAssetDefinition): Promise<StepAttemptResult> {
  const { step } = attempt;
  const log = stepLogger(scope, step.key);
  const node = scope.definitions.getAssetNode(step.assetKeys![0]!);
  const returned = await definition.observe({
    ...stepRunContext(scope, step.key, log, attempt.signal),
    ...partitionContextFor(scope, definition.partitions), assetKey: node.key,
  });
  const observation = normalizeObservation(definition.name, returned);
  emitEvent(scope, 'ASSET_OBSERVATION', {
    stepKey: step.key, assetKey: node.keyString, message: `observed ${node.keyString} at data version ${observation.dataVersion}`,
    data: { dataVersion: observation.dataVersion, metadata: observation.metadata as unknown as JsonObject },
  });
  return {};
}
