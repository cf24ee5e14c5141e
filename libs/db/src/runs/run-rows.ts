import { RUN_FAILURE_REASONS, type JsonObject, type RunBody, type RunFailureReason, type RunRecord } from '@orrery/core';
import type { Prisma } from '../generated/prisma/client.js';

/** A `runs` row with its tags, as the stores read it. */
export type RunRow = Prisma.RunGetPayload<{ include: { tags: true } }>;

/**
 * A `runs` row as the raw statements of run-statements.ts select it: camelCase columns,
 * uuids and enums as text, tags as one JSON object (key → value).
 */
export type RunJsonRow = Omit<RunRow, 'id' | 'heartbeatTime' | 'status' | 'tags'> & {
  status: string;
  tags: Prisma.JsonValue;
};

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
  return recordOf(row, Object.fromEntries(row.tags.map((tag) => [tag.key, tag.value])));
}

/** A {@link RunJsonRow} as core's RunRecord; a tag whose value is not text is left out. */
export function jsonRowToRunRecord(row: RunJsonRow): RunRecord {
  const tags = isObject(row.tags) ? row.tags : {};
  const entries = Object.entries(tags).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  return recordOf({ ...row, status: row.status as RunRow['status'] }, Object.fromEntries(entries));
}

function recordOf(row: Omit<RunRow, 'id' | 'heartbeatTime' | 'tags'>, tags: Record<string, string>): RunRecord {
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
    tags,
    body: toRunBody(row.runBody),
    createdAt: row.createTime,
    updatedAt: row.updateTime,
    startedAt: row.startTime,
    endedAt: row.endTime,
  };
}
