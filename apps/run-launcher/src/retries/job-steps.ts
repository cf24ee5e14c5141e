import type { ReexecutionJobStep } from '@orrery/core';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function assetKeyText(value: unknown): string | undefined {
  return Array.isArray(value) && value.length > 0 && value.every((part) => typeof part === 'string') ? value.join('/') : undefined;
}

/**
 * The steps of job `jobName` in a stored definitions snapshot, as `planReexecution` needs
 * them: asset jobs — one step per `computation.stepName` of the job's assets, with the
 * job's assets it computes; op jobs — one step per graph node alias. Read structurally
 * (the snapshot schema lives in the SDK, which the run-launcher does not load), so an
 * unknown shape or a missing job gives undefined and the caller falls back to ALL_STEPS.
 * Accepts a location snapshot (`jobs: [...]`) or a job snapshot itself.
 */
export function jobStepsFromSnapshot(snapshot: Json, jobName: string): ReexecutionJobStep[] | undefined {
  const job = findJob(snapshot, jobName);
  if (!job) return undefined;
  if (job['kind'] === 'op_job') {
    const nodes = isObject(job['graph']) ? job['graph']['nodes'] : undefined;
    if (!Array.isArray(nodes)) return undefined;
    const steps = nodes.filter(isObject).map((node) => node['alias']).filter((alias): alias is string => typeof alias === 'string');
    return steps.map((stepKey) => ({ stepKey, assetKeys: [] }));
  }
  if (job['kind'] !== 'asset_job' || !Array.isArray(job['assetKeys']) || !Array.isArray(snapshot['assets'])) return undefined;
  const inJob = new Set(job['assetKeys'].map(assetKeyText).filter((key): key is string => key !== undefined));
  const byStep = new Map<string, string[]>();
  for (const asset of snapshot['assets'].filter(isObject)) {
    const key = assetKeyText(asset['key']);
    const stepName = isObject(asset['computation']) ? asset['computation']['stepName'] : undefined;
    if (key === undefined || typeof stepName !== 'string' || !inJob.has(key)) continue;
    byStep.set(stepName, [...(byStep.get(stepName) ?? []), key]);
  }
  return [...byStep].map(([stepKey, assetKeys]) => ({ stepKey, assetKeys }));
}

function findJob(snapshot: Json, jobName: string): Json | undefined {
  if (snapshot['name'] === jobName && typeof snapshot['kind'] === 'string') return snapshot;
  const jobs = snapshot['jobs'];
  return Array.isArray(jobs) ? jobs.filter(isObject).find((job) => job['name'] === jobName) : undefined;
}
