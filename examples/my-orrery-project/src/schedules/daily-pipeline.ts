// Schedules. Every schedule is STOPPED until someone starts it (Dagster's default), so
// loading the example never launches runs by surprise.
import { buildScheduleFromPartitionedJob, schedule, type RunRequest } from '@orrery/sdk';
import { customersJob, dailySalesJob, dataPipeline } from '../jobs/data-pipeline.js';
import { previousDay, utcDay } from '../utils/helpers.js';

/** The run request of the data_pipeline job for the day before a tick. */
export function pipelineRunRequestFor(scheduledExecutionTime: Date): RunRequest {
  const day = previousDay(utcDay(scheduledExecutionTime));
  return {
    runKey: day,
    runConfig: { ops: { extract_orders: { config: { source: 'api', day } } } },
    tags: { day },
  };
}

/** At 06:00 UTC, loads yesterday's orders from the shop API into the warehouse. */
export const dailyPipelineSchedule = schedule(
  {
    name: 'daily_pipeline_schedule',
    cron: '0 6 * * *',
    timezone: 'UTC',
    job: dataPipeline,
    description: "Loads yesterday's orders into the warehouse",
  },
  (context) => pipelineRunRequestFor(context.scheduledExecutionTime),
);

/**
 * At 01:00 UTC, materializes yesterday's partition of the sales assets (the last day whose
 * partition exists at the tick: the day is over).
 */
export const dailySalesSchedule = buildScheduleFromPartitionedJob(dailySalesJob, {
  name: 'daily_sales_schedule',
  hourOfDay: 1,
  minuteOfHour: 0,
  description: "Materializes yesterday's sales assets",
});

/** At 00:30 UTC, before the sales schedule: each day's report reads the latest customers. */
export const customersSchedule = schedule({
  name: 'customers_refresh_schedule',
  cron: '30 0 * * *',
  timezone: 'UTC',
  job: customersJob,
  description: 'Refreshes the customer assets before the daily sales run',
});
