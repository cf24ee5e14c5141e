import { OrreryError } from '@orrery/contracts';
import { evaluateAssetSelection, parseAssetSelection, type AssetSelectionNode, type JsonObject, type PartitionsDefinitionJSON } from '@orrery/core';
import { IMPLICIT_ASSET_JOB_NAME, type SnapshotJob } from '@orrery/sdk';
import { implicitJobRunConfigSchema } from './implicit-job-config.js';
import type { LoadedSnapshot, LocationSnapshots } from './location-snapshots.js';
import { CodeLocationNotFoundError, InvalidRequestError, JobNotFoundError } from './request-errors.js';

// A run of an asset selection submitted without a job runs Dagster's implicit asset job
// (`__ASSET_JOB`, from the SDK). Such a run always carries `body.assetSelection`; the
// executor builds the job over exactly those assets.
export { IMPLICIT_ASSET_JOB_NAME };

/** What a submission runs, resolved against one location's current snapshot. */
export interface RunTarget {
  readonly snapshot: LoadedSnapshot;
  readonly jobName: string;
  readonly kind: 'asset_job' | 'op_job';
  /** Selected `a/b` keys, sorted, when the request gave a selection. */
  readonly assetSelection: string[] | undefined;
  readonly partitions: PartitionsDefinitionJSON | undefined;
  /** JSON Schema (draft 2020-12) of the run config. */
  readonly runConfigSchema: JsonObject;
  readonly defaultRunConfig: JsonObject;
  /** The job's own tags, laid under the submitted ones. */
  readonly jobTags: Readonly<Record<string, string>>;
}

/** The part of a submission that names what to run. */
export interface TargetRequest {
  readonly job?: string | undefined;
  readonly assetSelection?: string | undefined;
  readonly location?: string | undefined;
}

/**
 * Finds the location and job a submission names: the named location, else the one location
 * whose current snapshot has the job (or, without a job, where the selection selects
 * something). Throws InvalidRequestError, CodeLocationNotFoundError, JobNotFoundError.
 */
export async function resolveRunTarget(snapshots: LocationSnapshots, request: TargetRequest): Promise<RunTarget> {
  if (request.job === undefined && request.assetSelection === undefined) {
    throw new InvalidRequestError('body.job', 'give a job, an assetSelection, or both');
  }
  const selection = request.assetSelection === undefined ? undefined : parseSelection(request.assetSelection);
  const snapshot = await chooseLocation(snapshots, request, selection);
  if (request.job === undefined) return implicitJobTarget(snapshot, selectAssets(snapshot, selection!, undefined));
  const job = snapshot.jobs.get(request.job);
  if (job === undefined) throw new JobNotFoundError(request.job, snapshot.location);
  if (selection !== undefined && job.kind === 'op_job') {
    throw new InvalidRequestError('body.assetSelection', `job ${job.name} is an op job: it takes no asset selection`);
  }
  return {
    snapshot,
    jobName: job.name,
    kind: job.kind,
    assetSelection: selection === undefined ? undefined : selectAssets(snapshot, selection, job),
    partitions: job.partitions,
    runConfigSchema: job.runConfigSchema as JsonObject,
    defaultRunConfig: (job.defaultRunConfig ?? {}) as JsonObject,
    jobTags: job.tags,
  };
}

function parseSelection(text: string): AssetSelectionNode {
  try {
    return parseAssetSelection(text);
  } catch (error) {
    throw new InvalidRequestError('body.assetSelection', (error as Error).message, { cause: error });
  }
}

async function chooseLocation(snapshots: LocationSnapshots, request: TargetRequest, selection: AssetSelectionNode | undefined): Promise<LoadedSnapshot> {
  if (request.location !== undefined) {
    const snapshot = await snapshots.current(request.location);
    if (snapshot === null) throw new CodeLocationNotFoundError(request.location);
    return snapshot;
  }
  const candidates = (await snapshots.all()).filter((snapshot) =>
    request.job !== undefined ? snapshot.jobs.has(request.job) : !evaluateAssetSelection(selection!, snapshot.graph).isEmpty,
  );
  const what = request.job !== undefined ? `job ${request.job}` : 'the asset selection';
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length > 1) {
    const names = candidates.map((snapshot) => snapshot.location).join(', ');
    throw new InvalidRequestError('body.location', `${what} is in several code locations (${names}); name one`);
  }
  if (request.job !== undefined) throw new JobNotFoundError(request.job, null);
  throw new InvalidRequestError('body.assetSelection', 'selects no asset in any code location');
}

/** The selected `a/b` keys, sorted: known, materializable and, with a job, inside it. */
function selectAssets(snapshot: LoadedSnapshot, selection: AssetSelectionNode, job: SnapshotJob | undefined): string[] {
  let selected: string[];
  try {
    const set = evaluateAssetSelection(selection, snapshot.graph, { unknownKeys: 'error' });
    selected = snapshot.graph.keysOf(set).map((key) => key.join('/')).sort();
  } catch (error) {
    if (error instanceof OrreryError && error.code === 'VALIDATION_FAILED') throw new InvalidRequestError('body.assetSelection', error.message, { cause: error });
    throw error;
  }
  if (selected.length === 0) throw new InvalidRequestError('body.assetSelection', 'selects no asset');
  const external = selected.filter((key) => snapshot.assets.get(key)?.computation === undefined);
  if (external.length > 0) throw new InvalidRequestError('body.assetSelection', `selects external assets, which no run can materialize: ${external.join(', ')}`);
  if (job !== undefined) {
    const inJob = new Set((job.assetKeys ?? []).map((key) => key.join('/')));
    const outside = selected.filter((key) => !inJob.has(key));
    if (outside.length > 0) throw new InvalidRequestError('body.assetSelection', `selects assets outside job ${job.name}: ${outside.join(', ')}`);
  }
  return selected;
}

function implicitJobTarget(snapshot: LoadedSnapshot, selected: string[]): RunTarget {
  const assets = selected.map((key) => snapshot.assets.get(key)!);
  const partitionsByJson = new Map<string, PartitionsDefinitionJSON>();
  for (const asset of assets) if (asset.partitions !== undefined) partitionsByJson.set(JSON.stringify(asset.partitions), asset.partitions);
  if (partitionsByJson.size > 1) {
    throw new InvalidRequestError('body.assetSelection', 'selects assets with different partitions definitions; submit them in separate runs');
  }
  return {
    snapshot,
    jobName: IMPLICIT_ASSET_JOB_NAME,
    kind: 'asset_job',
    assetSelection: selected,
    partitions: partitionsByJson.values().next().value,
    runConfigSchema: implicitJobRunConfigSchema(assets),
    defaultRunConfig: {},
    jobTags: {},
  };
}
