import { subjectPrefixPattern } from '../bus/subject-tokens.js';
import { z } from 'zod';
import { integer, text, urlOf } from './fields.js';

/** `storage:` — the instance database (Dagster's `storage: postgres:`). */
export const storageConfigSchema = z
  .strictObject({
    url: urlOf(['postgres', 'postgresql'])
      .optional()
      .describe('Postgres URL of the instance database. Default: unset, each service uses its DATABASE_URL variable.'),
    pool_size: integer({ min: 1 })
      .default(10)
      .describe('Connections in each service replica\'s pool. Default: 10.'),
    statement_timeout_ms: integer({ min: 0 })
      .optional()
      .describe('Postgres statement_timeout for the pool\'s connections, in milliseconds; 0 disables it. Default: unset (the server\'s setting).'),
  })
  .describe('The instance database.');

/** `bus:` — the NATS server that carries work between services. */
export const busConfigSchema = z
  .strictObject({
    url: urlOf(['nats', 'tls', 'ws', 'wss'])
      .optional()
      .describe('NATS server URL. Default: unset, each service uses its NATS_URL variable.'),
    prefix: text()
      .max(64)
      .regex(subjectPrefixPattern, {
        error: 'expected dot-separated NATS subject tokens (letters, digits, "_", "-")',
      })
      .default('orrery')
      .describe('First token(s) of every subject and stream name, so instances can share a NATS server. Default: "orrery".'),
  })
  .describe('The message bus (NATS).');
