import { formatEventId, type EventRecord } from '@orrery/core';

/** A stored event as published on `run.<id>.events` for live followers, with its storage id. */
export function storedEventMessage(record: Pick<EventRecord, 'id' | 'runId' | 'type' | 'timestamp' | 'stepKey' | 'data'>) {
  return {
    storageId: formatEventId(record.id),
    runId: record.runId ?? '',
    type: record.type,
    timestamp: record.timestamp.toISOString(),
    ...(record.stepKey ? { stepKey: record.stepKey } : {}),
    body: record.data as Record<string, unknown>,
  };
}
