export { InvalidCronError, InvalidTimeZoneError, type InvalidCronDetails } from '../cron/cron-errors.js';
export { CRON_MACROS, isValidCron, parseCron, type ParsedCron } from '../cron/cron-parse.js';
export {
  compileCronSchedule,
  iterateTicks,
  nextTicks,
  previousTick,
  ticksBetween,
  type CronSchedule,
  type CronScheduleSpec,
  type IterateTicksOptions,
  type ScheduleTick,
  type TickQueryOptions,
} from './cron-schedule.js';
