import { RUN_FAILURE_REASONS, type JsonObject, type RunBody, type RunFailureReason, type RunRecord } from '@orrery/core';
import type { Prisma } from '../generated/prisma/client.js';

/** A `runs` row with its tags, as the stores read it. */
export type RunRow = Prisma.RunGetPayload<{ include: { tags: true } }>;

/** Include this in queries whose rows go through {@link toRunRecord}. */
export const withTags = { tags: true } as const;

const failureReasons: ReadonlySet<string> = new Set(RUN_FAILURE_REASONS);

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// jsonb columns hold what we wrote (core's JSON types); a row edited by hand into another
// shape degrades to an empty config rather than failing every read of the run.
function toRunBody(value: Prisma.JsonValue): RunBody {
  const body = isObject(value) ? value : {};
  return { ...body, runConfig: isObject(body.runConfig) ? body.runConfig : {} };
}

/** A stored row as core's RunRecord. */
export function toRunRecord(row: RunRow): RunRecord {
  return {
    runId: row.runId,
    jobName: row.jobName,
    status: row.status,
    locationName: row.locationName,
    snapshotId: row.snapshotId,
    partitionKey: row.partitionKey,
    backfillId: row.backfillId,
    parentRunId: row.parentRunId,
    rootRunId: row.rootRunId,
    attempt: row.attempt,
    failureReason:
      row.failureReason !== null && failureReasons.has(row.failureReason) ? (row.failureReason as RunFailureReason) : null,
    tags: Object.fromEntries(row.tags.map((tag) => [tag.key, tag.value])),
    body: toRunBody(row.runBody),
    createdAt: row.createTime,
    updatedAt: row.updateTime,
    startedAt: row.startTime,
    endedAt: row.endTime,
  };
}
