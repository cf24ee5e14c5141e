import { buildExecutionPlan, formatAssetKey, type AssetKey, type ExecutionPlan, type PlanStep } from '@orrery/core';
import type { Definitions } from '@orrery/sdk';

/** The step that materializes each selected asset key, and each check's step. */
export interface AssetPlanIndex {
  readonly steps: PlanStep[];
  /** Step key by asset key string (`raw/orders` → `raw__orders`). */
  readonly stepOfAsset: ReadonlyMap<string, string>;
}

/** Step key of an `assetCheck()` definition. */
export const checkStepKey = (checkKey: string) => `check:${checkKey}`;

/**
 * Plan steps for materializing `assetKeys` and evaluating `checkKeys`: one step per asset
 * definition (a multi-asset materializes all its selected keys in one step), one per
 * check. A step depends on the steps of its selected upstream assets — and on their
 * blocking checks, so a failed blocking check stops everything downstream of the asset.
 * Upstream assets outside the selection are loaded from storage instead.
 */
export function planAssetSteps(definitions: Definitions, assetKeys: readonly AssetKey[], checkKeys: readonly string[]): AssetPlanIndex {
  const stepOfAsset = new Map<string, string>();
  const keysOfStep = new Map<string, string[]>();
  for (const key of assetKeys) {
    const node = definitions.getAssetNode(key);
    if (node.kind === 'external') continue;
    stepOfAsset.set(node.keyString, node.definition.name);
    keysOfStep.set(node.definition.name, [...(keysOfStep.get(node.definition.name) ?? []), node.keyString]);
  }
  const blockingChecksOf = new Map<string, string[]>();
  const checkSteps: PlanStep[] = checkKeys.map((checkKey) => {
    const check = definitions.getAssetCheck(checkKey);
    const assetStep = stepOfAsset.get(formatAssetKey(check.assetKey));
    const key = checkStepKey(checkKey);
    if (check.blocking) {
      const asset = formatAssetKey(check.assetKey);
      blockingChecksOf.set(asset, [...(blockingChecksOf.get(asset) ?? []), key]);
    }
    return { key, kind: 'asset_check', deps: assetStep ? [assetStep] : [], assetKeys: [formatAssetKey(check.assetKey)], blocking: check.blocking, ...(check.pool ? { pool: check.pool } : {}) };
  });

  const assetSteps: PlanStep[] = [...keysOfStep].map(([stepKey, keys]) => {
    const definition = definitions.getAssetsDefinition(keys[0]!);
    const deps = new Set<string>();
    for (const key of keys) {
      for (const dependency of definitions.getAssetNode(key).dependencies) {
        const upstream = formatAssetKey(dependency.key);
        const upstreamStep = stepOfAsset.get(upstream);
        if (upstreamStep !== undefined && upstreamStep !== stepKey) deps.add(upstreamStep);
        for (const check of blockingChecksOf.get(upstream) ?? []) deps.add(check);
      }
    }
    const pool = definition.kind === 'external' ? undefined : definition.pool;
    return {
      key: stepKey,
      kind: definition.kind === 'observable_source' ? 'observation' : 'asset',
      deps: [...deps].sort(),
      assetKeys: keys,
      ...(pool ? { pool } : {}),
    };
  });
  return { steps: [...assetSteps, ...checkSteps], stepOfAsset };
}

/**
 * The execution plan materializing `assetKeys` (and evaluating `checkKeys`): validated and
 * in a deterministic topological order. What runs execute, and what `bench/plan` measures.
 */
export function planAssetMaterialization(definitions: Definitions, assetKeys: readonly AssetKey[], checkKeys: readonly string[] = []): ExecutionPlan {
  return buildExecutionPlan(planAssetSteps(definitions, assetKeys, checkKeys).steps);
}
