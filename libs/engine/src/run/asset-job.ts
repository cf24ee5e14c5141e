import { formatAssetKey, type AssetKey, type PlanStep } from '@orrery/core';
import type { Definitions, ResolvedAssetJob } from '@orrery/sdk';
import { checkStepKey, planAssetMaterialization } from './asset-plan.js';
import { runAssetStep } from './asset-step.js';
import { runCheckStep } from './check-step.js';
import type { JobExecution } from './job-execution.js';
import { emitEvent, type RunScope } from './run-scope.js';

/**
 * The execution of an asset job (or of `selection`, a subset of its assets, with the
 * checks on them): one step per asset definition and per check, planned materializations
 * and check evaluations announced before any step runs.
 */
export function prepareAssetJob(scope: RunScope, job: ResolvedAssetJob, selection: readonly AssetKey[] | undefined): JobExecution {
  const { definitions } = scope;
  const selected = selection ? new Set(selection.map(formatAssetKey)) : undefined;
  const assetKeys = job.assetKeys.filter((key) => !selected || selected.has(formatAssetKey(key)));
  const checkKeys = job.checkKeys.filter((checkKey) => !selected || selected.has(formatAssetKey(definitions.getAssetCheck(checkKey).assetKey)));
  const plan = planAssetMaterialization(definitions, assetKeys, checkKeys);
  const checkOfStep = new Map(checkKeys.map((checkKey) => [checkStepKey(checkKey), checkKey]));
  return {
    plan,
    resourceKeys: resourceKeysOf(definitions, plan.steps, checkOfStep),
    retryPolicyOf: (step) => retryPolicyOf(definitions, step, checkOfStep),
    runStep: (attempt) => {
      const checkKey = checkOfStep.get(attempt.step.key);
      return checkKey === undefined ? runAssetStep(scope, attempt) : runCheckStep(scope, checkKey, attempt);
    },
    announce: () => {
      for (const step of plan.steps) announcePlanned(scope, step);
    },
  };
}

/** ASSET_MATERIALIZATION_PLANNED / ASSET_CHECK_EVALUATION_PLANNED before anything runs. */
function announcePlanned(scope: RunScope, step: PlanStep): void {
  const type = step.kind === 'asset' ? 'ASSET_MATERIALIZATION_PLANNED' : step.kind === 'asset_check' ? 'ASSET_CHECK_EVALUATION_PLANNED' : undefined;
  if (type === undefined) return;
  for (const assetKey of step.assetKeys ?? []) {
    for (const partition of scope.partitionKeys.length > 0 ? scope.partitionKeys : [null]) {
      emitEvent(scope, type, { stepKey: step.key, assetKey, partition, message: `${step.key} planned` });
    }
  }
}

/** Resources the steps need: their own, and the IO managers of what they store and load. */
function resourceKeysOf(definitions: Definitions, steps: readonly PlanStep[], checkOfStep: ReadonlyMap<string, string>): Set<string> {
  const keys = new Set<string>();
  for (const step of steps) {
    const checkKey = checkOfStep.get(step.key);
    if (checkKey !== undefined) for (const key of definitions.getAssetCheck(checkKey).resourceKeys) keys.add(key);
    for (const assetKey of step.assetKeys ?? []) {
      const node = definitions.getAssetNode(assetKey);
      keys.add(node.ioManagerKey);
      for (const dep of node.dependencies) keys.add(definitions.getAssetNode(dep.key).ioManagerKey);
      const definition = node.definition;
      if (definition.kind !== 'external') for (const key of definition.resourceKeys) keys.add(key);
    }
  }
  return keys;
}

function retryPolicyOf(definitions: Definitions, step: PlanStep, checkOfStep: ReadonlyMap<string, string>) {
  const checkKey = checkOfStep.get(step.key);
  if (checkKey !== undefined) return definitions.getAssetCheck(checkKey).retry;
  const definition = definitions.getAssetsDefinition(step.assetKeys![0]!);
  return definition.kind === 'external' ? undefined : definition.retry;
}
