export { readInFlightRuns, readQueuedRuns, withRunQueueLock, type InFlightRunRow, type QueuedRunRow } from './run-queue-reads.js';
export { readMonitoredRuns, type MonitoredRunRow } from './monitored-run-reads.js';
export {
  addRunTagIfAbsent, readLatestRunFailureId, readRunFailuresAfter, readRunsByIds, readStepEvents,
  type RunFailureEvent, type StepEventRow,
} from './run-failure-feed.js';
export { readKvsCursor, writeKvsCursor } from './kvs-cursor.js';
