import { z } from 'zod';
import { integer } from './fields.js';

/** `schedules:` — the scheduler service. */
export const schedulesConfigSchema = z
  .strictObject({
    max_catchup_runs: integer({ min: 0 })
      .default(5)
      .describe('Most missed ticks of one schedule run after downtime; older ones are skipped. Default: 5.'),
    max_tick_retries: integer({ min: 0 })
      .default(0)
      .describe('Times a tick whose evaluation raised an error is retried. Default: 0.'),
    tick_interval_ms: integer({ min: 1 })
      .default(1000)
      .describe('How often the scheduler looks for due ticks, in milliseconds. Default: 1000.'),
  })
  .describe('Schedule evaluation.');

/** `sensors:` — the sensor service. */
export const sensorsConfigSchema = z
  .strictObject({
    min_interval_seconds: integer({ min: 1 })
      .default(30)
      .describe('Time between evaluations of a sensor that sets no minimumInterval, in seconds. Default: 30.'),
    max_tick_retries: integer({ min: 0 })
      .default(0)
      .describe('Times a tick whose evaluation raised an error is retried. Default: 0.'),
    num_workers: integer({ min: 1 })
      .default(1)
      .describe('Sensors one sensor replica evaluates at the same time. Default: 1.'),
    tick_interval_ms: integer({ min: 1 })
      .default(1000)
      .describe('How often the sensor service looks for sensors due for evaluation, in milliseconds. Default: 1000.'),
  })
  .describe('Sensor evaluation.');

const days = integer({ min: -1 });
const TICK_STATUSES = ['started', 'skipped', 'success', 'failure'] as const;
type TickRetention = Record<(typeof TICK_STATUSES)[number], number>;

/** `purge_after_days`: one number for every tick status, or one per status (Dagster's shape). */
function tickRetentionSchema(defaults: TickRetention) {
  const perStatus = z.strictObject({
    started: days.optional().describe('Days to keep ticks still STARTED (abandoned). -1 = forever.'),
    skipped: days.optional().describe('Days to keep SKIPPED ticks. -1 = forever.'),
    success: days.optional().describe('Days to keep SUCCESS ticks. -1 = forever.'),
    failure: days.optional().describe('Days to keep FAILURE ticks. -1 = forever.'),
  });
  const defaultsText = TICK_STATUSES.map((status) => `${status} ${defaults[status]}`).join(', ');
  return z
    .strictObject({
      purge_after_days: z
        .union([days, perStatus])
        .optional()
        .transform((value): TickRetention => {
          if (typeof value === 'number') return { started: value, skipped: value, success: value, failure: value };
          const given = Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined));
          return { ...defaults, ...given };
        })
        .describe(`Days to keep ticks, per status or one number for all; -1 = forever. Default: ${defaultsText}.`),
    })
    .prefault({});
}

/** `retention:` — how long tick history is kept (Dagster's defaults). */
export const retentionConfigSchema = z
  .strictObject({
    schedule: tickRetentionSchema({ started: -1, skipped: -1, success: -1, failure: -1 }).describe(
      'Retention of schedule ticks. Default: kept forever.',
    ),
    sensor: tickRetentionSchema({ started: -1, skipped: 7, success: -1, failure: -1 }).describe(
      'Retention of sensor ticks. Default: skipped ticks 7 days, others forever.',
    ),
  })
  .describe('How long schedule and sensor tick history is kept.');
