import type { RunBody } from '@orrery/core';
import { enqueueRun, type EnqueuedRun } from './enqueue-run.js';
import { resolveRunConfig } from './run-config-validation.js';
import { resolveRunPartition } from './run-partitions.js';
import type { SubmitRunBody } from './run-schemas.js';
import { RUN_KEY_TAG, validateUserTags } from './run-tags.js';
import type { RunsContext } from './runs-context.js';
import { resolveRunTarget } from './resolve-target.js';

/**
 * `POST /runs`: validates the submission against the current snapshot of its location (job
 * or selection, partition, run config with the job's defaults, tags) and enqueues the run.
 * Tags: the job's, then the user's, then the system tags (partition, range, run key).
 */
export async function submitRun(ctx: RunsContext, request: SubmitRunBody): Promise<EnqueuedRun> {
  const userTags = request.tags ?? {};
  validateUserTags(userTags);
  const target = await resolveRunTarget(ctx.snapshots, request);
  const partition = await resolveRunPartition(ctx.prisma, { name: target.jobName, partitions: target.partitions }, request, ctx.clock());
  const runConfig = resolveRunConfig(target.jobName, target.runConfigSchema, target.defaultRunConfig, request.runConfig ?? {});

  const body: RunBody = { runConfig };
  if (target.assetSelection !== undefined) body['assetSelection'] = target.assetSelection;
  if (partition.partitionKeyRange !== undefined) body['partitionKeyRange'] = { ...partition.partitionKeyRange };
  const tags = {
    ...target.jobTags,
    ...userTags,
    ...partition.tags,
    ...(request.runKey === undefined ? {} : { [RUN_KEY_TAG]: request.runKey }),
  };
  return await enqueueRun(
    ctx,
    {
      jobName: target.jobName,
      status: 'QUEUED',
      locationName: target.snapshot.location,
      snapshotId: target.snapshot.snapshotId,
      partitionKey: partition.partitionKey,
      tags,
      body,
    },
    request.runKey,
    `run of ${target.jobName} submitted`,
  );
}
