import { formatEventId, type EventRecord, type RunRecord } from '@orrery/core';

/** A run as the api answers it: the stored run, dates as ISO-8601 strings. */
export function toRunView(run: RunRecord) {
  return {
    runId: run.runId,
    jobName: run.jobName,
    status: run.status,
    locationName: run.locationName,
    snapshotId: run.snapshotId,
    partitionKey: run.partitionKey,
    backfillId: run.backfillId,
    parentRunId: run.parentRunId,
    rootRunId: run.rootRunId,
    attempt: run.attempt,
    failureReason: run.failureReason,
    tags: run.tags,
    body: run.body,
    createdAt: run.createdAt.toISOString(),
    updatedAt: run.updatedAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    endedAt: run.endedAt?.toISOString() ?? null,
  };
}

/** An event as the api answers it: its storage id as a decimal string (the cursor), dates as ISO-8601. */
export function toEventView(event: EventRecord) {
  return {
    id: formatEventId(event.id),
    runId: event.runId,
    type: event.type,
    timestamp: event.timestamp.toISOString(),
    level: event.level,
    message: event.message,
    stepKey: event.stepKey,
    assetKey: event.assetKey,
    partition: event.partition,
    data: event.data,
  };
}
