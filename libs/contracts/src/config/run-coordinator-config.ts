import { z } from 'zod';
import { integer, text } from './fields.js';

/** One entry of `run_coordinator.tag_concurrency_limits` (Dagster's shape). */
export const tagConcurrencyLimitSchema = z
  .strictObject({
    key: text().describe('Run tag key the limit applies to.'),
    value: z
      .union([
        z.string(),
        z.strictObject({
          apply_limit_per_unique_value: z
            .literal(true)
            .describe('true: the limit applies to each distinct value of the tag separately.'),
        }),
      ])
      .optional()
      .describe('Tag value the limit applies to, or { apply_limit_per_unique_value: true }. Default: unset, every run carrying the key counts toward one limit.'),
    limit: integer({ min: 0 }).describe('Most runs with this tag that may be in progress at once.'),
  })
  .describe('A limit on in-progress runs carrying a tag.');

/** `run_coordinator:` — the run queue (Dagster's QueuedRunCoordinator). */
export const runCoordinatorConfigSchema = z
  .strictObject({
    max_concurrent_runs: integer({ min: -1 })
      .default(10)
      .describe('Most runs in progress (STARTING, STARTED, CANCELING) at once; -1 = unlimited. Default: 10.'),
    tag_concurrency_limits: z
      .array(tagConcurrencyLimitSchema)
      .default([])
      .describe('Limits on in-progress runs per run tag. Default: none.'),
    dequeue_interval_ms: integer({ min: 1 })
      .default(1000)
      .describe('How often the run-launcher polls the queue when no wake-up message arrives, in milliseconds. Default: 1000.'),
  })
  .describe('The run queue: how many runs may be in progress.');
