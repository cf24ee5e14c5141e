import { z } from 'zod';
import { defineRequest } from './message-entry.js';
import { instantSchema } from './run-messages.js';

// Requests to the executors of one code location, answered by a queue group (any one
// replica answers). Results are loose objects for now: a later issue fills in the
// details, and unknown fields pass through untouched until then.

/** A run request returned by a schedule or sensor evaluation (Dagster's RunRequest). */
export const runRequestSchema = z.looseObject({
  runKey: z.string().optional(),
  jobName: z.string().optional(),
  partitionKey: z.string().optional(),
  runConfig: z.record(z.string(), z.unknown()).optional(),
  tags: z.record(z.string(), z.string()).optional(),
});

/** The location's current definitions snapshot. */
export const codeSnapshot = defineRequest({
  pattern: 'code.{location}.snapshot',
  version: 1,
  description: 'Get the location\'s current definitions snapshot.',
  shape: {},
  result: z.looseObject({ snapshotId: z.string().min(1), snapshot: z.record(z.string(), z.unknown()) }),
});

/** Evaluate a schedule for one tick. */
export const scheduleEvaluate = defineRequest({
  pattern: 'code.{location}.schedule.evaluate',
  version: 1,
  description: 'Evaluate a schedule for one tick: run requests or a skip reason.',
  shape: { scheduleName: z.string().min(1), scheduledAt: instantSchema },
  result: z.looseObject({ runRequests: z.array(runRequestSchema), skipReason: z.string().optional() }),
});

/** Evaluate a sensor from its stored cursor. */
export const sensorEvaluate = defineRequest({
  pattern: 'code.{location}.sensor.evaluate',
  version: 1,
  description: 'Evaluate a sensor from its cursor: run requests, skip reason, new cursor.',
  shape: {
    sensorName: z.string().min(1),
    cursor: z.string().nullable().optional(),
    lastTickAt: instantSchema.optional(),
  },
  result: z.looseObject({
    runRequests: z.array(runRequestSchema),
    skipReason: z.string().optional(),
    cursor: z.string().nullable().optional(),
  }),
});

/** List the partition keys of a job's (or of selected assets') partitions definition. */
export const codePartitions = defineRequest({
  pattern: 'code.{location}.partitions',
  version: 1,
  description: 'List the partition keys of a job\'s or assets\' partitions definition.',
  shape: { jobName: z.string().min(1).optional(), assetKeys: z.array(z.array(z.string())).optional() },
  result: z.looseObject({ partitionKeys: z.array(z.string()) }),
});
