import { randomUUID } from 'node:crypto';
import type { EventLogStore, NewRun, RunRecord, RunStore } from '@orrery/core';

/** The stores a contract suite runs against; built once per suite, after the database exists. */
export interface StoreUnderTest {
  runs: RunStore;
  events: EventLogStore;
}

/** Builds the stores; called in the suite's beforeAll. */
export type MakeStores = () => StoreUnderTest | Promise<StoreUnderTest>;

/** A name no other test uses, so tests share one database without seeing each other's rows. */
export function unique(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** Creates a QUEUED run (with its RUN_ENQUEUED event) for `jobName`. */
export async function queuedRun(runs: RunStore, jobName: string, extra: Partial<NewRun> = {}): Promise<RunRecord> {
  return await runs.createRun({ jobName, ...extra }, { type: 'RUN_ENQUEUED', message: 'queued by test' });
}
