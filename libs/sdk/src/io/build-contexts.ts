import type { AssetKeyLike } from '@orrery/core';
import type { Logger } from '../assets/context.js';
import { toAssetKey } from '../assets/asset-spec.js';
import type { InputContext, OutputContext } from './io-manager.js';

/** A logger that drops everything (default of the context builders). */
export const silentLogger: Logger = Object.freeze({ debug() {}, info() {}, warn() {}, error() {} });

/** Fields of {@link buildOutputContext}; all optional. */
export interface BuildOutputContextOptions extends Partial<Omit<OutputContext, 'assetKey'>> {
  readonly assetKey?: AssetKeyLike;
}

/** Fields of {@link buildInputContext}; all optional. */
export interface BuildInputContextOptions extends Partial<Omit<InputContext, 'assetKey'>> {
  readonly assetKey?: AssetKeyLike;
}

/** An OutputContext for testing an IO manager (Dagster's `build_output_context`). */
export function buildOutputContext(options: BuildOutputContextOptions = {}): OutputContext {
  return {
    runId: options.runId ?? 'test-run',
    stepKey: options.stepKey ?? 'test_step',
    outputName: options.outputName ?? 'result',
    assetKey: options.assetKey === undefined ? undefined : toAssetKey(options.assetKey),
    partitionKeys: options.partitionKeys ?? [],
    mappingKey: options.mappingKey,
    definitionMetadata: options.definitionMetadata ?? {},
    log: options.log ?? silentLogger,
  };
}

/** An InputContext for testing an IO manager (Dagster's `build_input_context`). */
export function buildInputContext(options: BuildInputContextOptions = {}): InputContext {
  return {
    runId: options.runId ?? 'test-run',
    stepKey: options.stepKey ?? 'test_step',
    inputName: options.inputName ?? 'input',
    assetKey: options.assetKey === undefined ? undefined : toAssetKey(options.assetKey),
    partitionKeys: options.partitionKeys ?? [],
    upstreamOutput: options.upstreamOutput,
    log: options.log ?? silentLogger,
  };
}
