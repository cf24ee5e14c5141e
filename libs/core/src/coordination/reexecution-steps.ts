import type { JsonValue } from '../runs/records.js';
import type { ReexecutionJobStep } from './reexecution.js';

// The steps of a job as re-execution needs them, read from a stored definitions snapshot.
// Read structurally: the snapshot's schema lives in the SDK, which the services that
// re-execute runs (api, run-launcher) do not need for this; an unknown shape gives undefined.

/** Job name of runs of an asset selection without a job (the SDK's IMPLICIT_ASSET_JOB_NAME). */
const IMPLICIT_ASSET_JOB = '__ASSET_JOB';

type Json = { [key: string]: JsonValue };

function isObject(value: JsonValue | undefined): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: JsonValue | undefined): JsonValue[] {
  return Array.isArray(value) ? value : [];
}

function keyText(value: JsonValue | undefined): string | undefined {
  return Array.isArray(value) && value.length > 0 && value.every((part) => typeof part === 'string') ? value.join('/') : undefined;
}

/**
 * The steps of the run's job in `snapshot` (a location snapshot with `jobs` and `assets`),
 * keyed as the engine keys them:
 * - asset jobs: one step per `computation.stepName` of the job's assets (a multi-asset's
 *   keys share it), and one per assetCheck() step (`check:<asset>:<name>`, re-run with its asset);
 *   runs of `__ASSET_JOB` take their assets from `body.assetSelection`;
 * - op jobs: one step per node alias, each `requires` the nodes it cannot run without in a
 *   re-execution (the dynamic output it is mapped over, the mapped op it collects).
 * Undefined when the job is not in the snapshot or the snapshot has another shape.
 */
export function reexecutionStepsOf(snapshot: Json, run: { jobName: string; body: Json }): ReexecutionJobStep[] | undefined {
  const assets = list(snapshot['assets']).filter(isObject);
  if (run.jobName === IMPLICIT_ASSET_JOB) {
    const selected = list(run.body['assetSelection']).filter((key): key is string => typeof key === 'string');
    return assetSteps(assets, new Set(selected), []);
  }
  const job = list(snapshot['jobs']).filter(isObject).find((candidate) => candidate['name'] === run.jobName);
  if (job === undefined) return undefined;
  if (job['kind'] === 'op_job') {
    if (!isObject(job['graph'])) return undefined;
    return list(job['graph']['nodes']).filter(isObject).flatMap(opStep);
  }
  if (job['kind'] !== 'asset_job' || !Array.isArray(job['assetKeys'])) return undefined;
  const inJob = new Set(job['assetKeys'].map(keyText).filter((key): key is string => key !== undefined));
  const checkKeys = list(job['checkKeys']).filter((key): key is string => typeof key === 'string');
  return assetSteps(assets, inJob, checkSteps(list(snapshot['assetChecks']).filter(isObject), checkKeys));
}

function assetSteps(assets: readonly Json[], inJob: ReadonlySet<string>, checks: ReexecutionJobStep[]): ReexecutionJobStep[] {
  const byStep = new Map<string, string[]>();
  for (const asset of assets) {
    const key = keyText(asset['key']);
    const stepName = isObject(asset['computation']) ? asset['computation']['stepName'] : undefined;
    if (key === undefined || typeof stepName !== 'string' || !inJob.has(key)) continue;
    byStep.set(stepName, [...(byStep.get(stepName) ?? []), key]);
  }
  return [...[...byStep].map(([stepKey, assetKeys]) => ({ stepKey, assetKeys })), ...checks];
}

function checkSteps(checks: readonly Json[], checkKeys: readonly string[]): ReexecutionJobStep[] {
  const byKey = new Map(checks.map((check) => [`${keyText(check['assetKey'])}:${String(check['name'])}`, check]));
  return checkKeys.flatMap((checkKey) => {
    const check = byKey.get(checkKey);
    const assetKey = keyText(check?.['assetKey']);
    // Only assetCheck() definitions are steps of their own; checks of an asset's function run with it.
    return check?.['source'] === 'check' && assetKey !== undefined ? [{ stepKey: `check:${checkKey}`, assetKeys: [assetKey] }] : [];
  });
}

function opStep(node: Json): ReexecutionJobStep[] {
  const alias = node['alias'];
  if (typeof alias !== 'string') return [];
  const requires = new Set<string>();
  if (isObject(node['mappedOver']) && typeof node['mappedOver']['node'] === 'string') requires.add(node['mappedOver']['node']);
  for (const input of Object.values(isObject(node['inputs']) ? node['inputs'] : {})) {
    if (isObject(input) && input['kind'] === 'collect' && typeof input['node'] === 'string') requires.add(input['node']);
  }
  return [{ stepKey: alias, assetKeys: [], ...(requires.size > 0 ? { requires: [...requires] } : {}) }];
}
