import { z } from 'zod';
import { defineEvent } from './message-entry.js';
import { locationNameSchema } from './subject-tokens.js';

/** A location stored a new snapshot: scheduler, sensor and api reload its definitions. */
export const definitionsUpdated = defineEvent({
  pattern: 'definitions.updated',
  version: 1,
  description: 'A code location stored a new definitions snapshot; daemons reload it.',
  shape: { location: locationNameSchema, snapshotId: z.string().min(1) },
});
