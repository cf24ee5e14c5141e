import { z } from 'zod';
import { defineWork } from './message-entry.js';
import { instantSchema } from './run-messages.js';
import { locationNameSchema, runIdSchema } from './subject-tokens.js';

/**
 * Launch command for one attempt of a STARTING run, taken by one executor of the location
 * from the work queue. JetStream msgID = `<runId>:<attempt>` (see {@link launchMessageId}).
 */
export const launch = defineWork({
  pattern: 'launch.{location}',
  version: 1,
  stream: 'LAUNCH',
  description: 'Launch one attempt of a STARTING run on an executor of the location.',
  shape: {
    runId: runIdSchema,
    /** The attempt the executor must claim (fencing: STARTING → STARTED for this attempt). */
    attempt: z.int().nonnegative(),
    location: locationNameSchema,
    jobName: z.string().min(1),
    launchedAt: instantSchema,
  },
});

/** JetStream message id of a launch: a second publish of the same attempt is a duplicate. */
export function launchMessageId(payload: { runId: string; attempt: number }): string {
  return `${payload.runId}:${payload.attempt}`;
}

/** Durable consumer of a location's launches (one per location, shared by its executors). */
export function launchConsumerName(location: string): string {
  return `launch_${location}`;
}
