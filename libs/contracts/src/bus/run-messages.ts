import { z } from 'zod';
import { defineEvent } from './message-entry.js';
import { runIdSchema } from './subject-tokens.js';

/** ISO-8601 instant with an offset or `Z`, as written by `Date.prototype.toISOString()`. */
export const instantSchema = z.iso.datetime({ offset: true });

/** Storage id of an `event_logs` row: a bigint, as a decimal string (JSON has no bigint). */
export const storageIdSchema = z.string().regex(/^\d{1,20}$/, 'must be a decimal bigint');

/** A run was inserted QUEUED: wakes the run-launcher. The run row is the truth. */
export const runQueued = defineEvent({
  pattern: 'run.queued',
  version: 1,
  description: 'A run was inserted QUEUED; wakes the run-launcher (wake-up only).',
  shape: { runId: runIdSchema },
});

/** One stored event of a run, published after its `event_logs` insert, for live followers. */
export const runEvents = defineEvent({
  pattern: 'run.{runId}.events',
  version: 1,
  description: 'An event stored in event_logs, for live followers (SSE).',
  shape: {
    /** `event_logs.id`: followers resume from it by reading Postgres. */
    storageId: storageIdSchema,
    runId: runIdSchema,
    /** Event type, e.g. `RUN_SUCCESS`, `STEP_OUTPUT` (the list lives in libs/core). */
    type: z.string().min(1),
    timestamp: instantSchema,
    stepKey: z.string().min(1).optional(),
    /** The event's JSON body as stored. */
    body: z.record(z.string(), z.unknown()),
  },
});

/** The api set the run CANCELING: the executor running it aborts its steps. */
export const runCancel = defineEvent({
  pattern: 'run.{runId}.cancel',
  version: 1,
  description: 'Cancel request for a run already set CANCELING in Postgres.',
  shape: { runId: runIdSchema, requestedAt: instantSchema },
});
