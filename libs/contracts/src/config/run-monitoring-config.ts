import { z } from 'zod';
import { flag, integer } from './fields.js';

/** `run_monitoring:` — Dagster's run monitoring, done by the run-launcher. */
export const runMonitoringConfigSchema = z
  .strictObject({
    enabled: flag().default(true).describe('Detect stuck and dead runs. Default: true.'),
    start_timeout_seconds: integer({ min: 1 })
      .default(180)
      .describe('A run still STARTING after this many seconds fails (START_TIMEOUT). Default: 180.'),
    cancel_timeout_seconds: integer({ min: 1 })
      .default(180)
      .describe('A run still CANCELING after this many seconds is marked CANCELED. Default: 180.'),
    max_resume_run_attempts: integer({ min: 0 })
      .default(0)
      .describe('Times a run whose executor died is resumed before it fails; 0 = fail at once. Default: 0.'),
    poll_interval_seconds: integer({ min: 1 })
      .default(120)
      .describe('How often in-progress runs are checked, in seconds. Default: 120.'),
    heartbeat_interval_seconds: integer({ min: 1 })
      .default(30)
      .describe('How often an executor heartbeats each run it executes, in seconds. Default: 30.'),
    heartbeat_timeout_seconds: integer({ min: 1 })
      .default(120)
      .describe('A STARTED run with no heartbeat for this many seconds counts as dead. Default: 120.'),
  })
  .superRefine((value, ctx) => {
    // A timeout at or below the interval would declare healthy runs dead between beats.
    if (value.heartbeat_timeout_seconds <= value.heartbeat_interval_seconds) {
      ctx.addIssue({
        code: 'custom',
        path: ['heartbeat_timeout_seconds'],
        message: `must be greater than heartbeat_interval_seconds (${value.heartbeat_interval_seconds})`,
      });
    }
  })
  .describe('Detect runs that never start, never finish canceling, or whose executor died.');

/** `run_retries:` — Dagster's run retries: a failed run is re-submitted as a new run. */
export const runRetriesConfigSchema = z
  .strictObject({
    enabled: flag().default(false).describe('Retry failed runs. Default: false.'),
    max_retries: integer({ min: 0 })
      .default(0)
      .describe('Retries of a run unless its orrery/max_retries tag says otherwise. Default: 0.'),
    retry_on_asset_or_op_failure: flag()
      .default(true)
      .describe('Also retry runs that failed because a step failed (not only crashed runs). Default: true.'),
    strategy: z
      .enum(['FROM_FAILURE', 'ALL_STEPS'])
      .default('FROM_FAILURE')
      .describe('What a retry re-executes unless its orrery/retry_strategy tag says otherwise: FROM_FAILURE or ALL_STEPS. Default: FROM_FAILURE.'),
  })
  .describe('Automatic re-submission of failed runs.');
