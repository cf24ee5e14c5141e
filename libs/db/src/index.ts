export { createPrismaClient, checkDatabase } from './client.js';
export type { PrismaClientOptions } from './client.js';
export { withTransaction } from './transaction.js';
export type { DbClient, TransactionClient, TransactionOptions } from './transaction.js';
export { PrismaRunStore } from './runs/prisma-run-store.js';
export { PrismaEventLogStore } from './events/prisma-event-log-store.js';
export { BatchingEventWriter, EventBatchWriteError, EventWriterClosedError, type BatchingEventWriterOptions, type EventBatchStore } from './events/batching-event-writer.js';
// The generated client: its model types and enums, for stores written in other libs' style.
export { PrismaClient, Prisma, RunStatus as PrismaRunStatus, EventType as PrismaEventType } from './generated/prisma/client.js';
export { PrismaDaemonHeartbeatStore, type DaemonHeartbeat } from './daemon-heartbeat-store.js';
export {
  PrismaCodeLocationStore, originIdOf,
  type CodeLocationState, type InstigatorDefinition, type LocationSnapshot, type PublishResult,
} from './locations/prisma-code-location-store.js';
export { releaseRunSlots, type ReleasedRunSlots } from './concurrency/release-run-slots.js';
export { beatRuns, type RunAttemptRef, type RunHeartbeatState } from './runs/run-heartbeats.js';
export {
  PrismaConcurrencyStore,
  type ConcurrencyStoreOptions, type FreedFinishedRunSlots, type PoolInfo, type SlotClaim, type SlotRequest,
} from './concurrency/prisma-concurrency-store.js';
export {
  readInFlightRuns, readQueuedRuns, withRunQueueLock, readMonitoredRuns,
  addRunTagIfAbsent, readLatestRunFailureId, readRunFailuresAfter, readRunsByIds, readStepEvents, readKvsCursor, writeKvsCursor,
  type InFlightRunRow, type QueuedRunRow, type MonitoredRunRow, type RunFailureEvent, type StepEventRow,
} from './coordination/index.js';
export { PrismaDynamicPartitionsStore } from './dynamic-partitions/prisma-dynamic-partitions-store.js';
export { ASSET_EVENT_TAG_KEYS } from './events/asset-event-tags.js';
