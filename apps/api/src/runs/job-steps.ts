import type { ReexecutionJobStep, RunRecord } from '@orrery/core';
import type { SnapshotAsset } from '@orrery/sdk';
import type { LoadedSnapshot } from './location-snapshots.js';
import { JobNotFoundError } from './request-errors.js';
import { IMPLICIT_ASSET_JOB_NAME } from './resolve-target.js';

/**
 * The steps of a run's job in `snapshot`, keyed as the engine keys them: asset jobs one
 * step per `computation.stepName` (a multi-asset's keys share it) and one per assetCheck()
 * step (`check:<checkKey>`, which re-runs with its asset); op jobs one step per op alias.
 * Throws JobNotFoundError when the job is no longer in the snapshot.
 */
export function jobStepsOf(snapshot: LoadedSnapshot, run: RunRecord): ReexecutionJobStep[] {
  if (run.jobName === IMPLICIT_ASSET_JOB_NAME) {
    const selected = Array.isArray(run.body['assetSelection']) ? run.body['assetSelection'].map(String) : [];
    return assetSteps(selected.flatMap((key) => withKey(snapshot.assets.get(key), key)));
  }
  const job = snapshot.jobs.get(run.jobName);
  if (job === undefined) throw new JobNotFoundError(run.jobName, snapshot.location);
  if (job.kind === 'op_job') return (job.graph?.nodes ?? []).map((node) => ({ stepKey: node.alias, assetKeys: [] }));

  const steps = assetSteps((job.assetKeys ?? []).map((key) => key.join('/')).flatMap((key) => withKey(snapshot.assets.get(key), key)));
  const checks = new Map(snapshot.snapshot.assetChecks.map((check) => [`${check.assetKey.join('/')}:${check.name}`, check]));
  for (const checkKey of job.checkKeys ?? []) {
    const check = checks.get(checkKey);
    if (check?.source === 'check') steps.push({ stepKey: `check:${checkKey}`, assetKeys: [check.assetKey.join('/')] });
  }
  return steps;
}

function withKey(asset: SnapshotAsset | undefined, key: string): { key: string; stepName: string }[] {
  return asset?.computation === undefined ? [] : [{ key, stepName: asset.computation.stepName }];
}

function assetSteps(assets: readonly { key: string; stepName: string }[]): ReexecutionJobStep[] {
  const keysOfStep = new Map<string, string[]>();
  for (const { key, stepName } of assets) keysOfStep.set(stepName, [...(keysOfStep.get(stepName) ?? []), key]);
  return [...keysOfStep].map(([stepKey, assetKeys]) => ({ stepKey, assetKeys }));
}
