import { InvalidDefinitionError } from '../errors.js';
import type { PartitionsDefinition } from '../internal/core-adapter.js';
import type { JobDefinition } from '../jobs/job.js';
import { skip, type RunRequest } from './run-request.js';
import { makeSchedule, type ScheduleDefinition } from './schedule.js';
import type { DefaultStatus } from './target.js';

/** Options of {@link buildScheduleFromPartitionedJob}. */
export interface PartitionedScheduleOptions {
  /** Default `<job>_schedule`. */
  readonly name?: string;
  readonly description?: string;
  /** Minute of the tick; default the partitions' minute offset. */
  readonly minuteOfHour?: number;
  /** Hour of the tick (daily and coarser); default the partitions' hour offset. */
  readonly hourOfDay?: number;
  /** Day of week of the tick (weekly; 0 = Sunday); default the partitions' day offset. */
  readonly dayOfWeek?: number;
  /** Day of month of the tick (monthly); default the partitions' day offset. */
  readonly dayOfMonth?: number;
  readonly defaultStatus?: DefaultStatus;
  readonly tags?: Readonly<Record<string, string>>;
  /** Required for static partitions (each tick requests every key); not allowed for time windows. */
  readonly cron?: string;
  /** Time zone of `cron` (static partitions); time windows use their own zone. */
  readonly timezone?: string;
}

/**
 * A schedule for a partitioned job, as Dagster's `build_schedule_from_partitioned_job`:
 * - time-window partitions: ticks at the partitions' cadence (minute/hour/day overridable
 *   for hourly/daily/weekly/monthly cadences), in the partitions' time zone; each tick
 *   requests the last partition existing at the tick time (e.g. a daily tick on May 20
 *   requests 2024-05-19);
 * - static partitions: `cron` is required; each tick requests every partition (run key = the key).
 * The job's partitions must be known now: give an asset job its `partitions`.
 */
export function buildScheduleFromPartitionedJob(job: JobDefinition, options: PartitionedScheduleOptions = {}): ScheduleDefinition {
  const what = `schedule for job ${job.name}`;
  const partitions = job.partitions as PartitionsDefinition | undefined;
  if (partitions === undefined) {
    throw new InvalidDefinitionError(what, 'the job has no partitions (for an asset job, pass partitions to defineAssetJob)');
  }
  const base = {
    name: options.name ?? `${job.name}_schedule`,
    description: options.description,
    job,
    defaultStatus: options.defaultStatus,
    tags: options.tags,
  };
  if (partitions.kind === 'time-window') {
    if (options.cron !== undefined) throw new InvalidDefinitionError(what, 'cron is derived from time-window partitions; use minuteOfHour/hourOfDay/dayOf...');
    const cron = scheduleCron(what, partitions, options);
    return makeSchedule({ ...base, cron, timezone: partitions.timezone }, (context) => {
      const key = partitions.lastKey({ now: context.scheduledExecutionTime }) as string | undefined;
      if (key === undefined) return skip(`no partition of job ${job.name} exists at ${context.scheduledExecutionTime.toISOString()}`);
      return { partitionKey: key } satisfies RunRequest;
    }, { job });
  }
  if (partitions.kind === 'static') {
    if (options.cron === undefined) throw new InvalidDefinitionError(what, 'a job with static partitions needs a cron');
    for (const field of ['minuteOfHour', 'hourOfDay', 'dayOfWeek', 'dayOfMonth'] as const) {
      if (options[field] !== undefined) throw new InvalidDefinitionError(what, `${field} applies to time-window partitions only`);
    }
    const keys = partitions.allKeys({ now: new Date(0) }) as string[];
    return makeSchedule({ ...base, cron: options.cron, timezone: options.timezone }, () => keys.map((key) => ({ partitionKey: key, runKey: key })), { job });
  }
  throw new InvalidDefinitionError(what, `${partitions.kind} partitions have no schedule: use a sensor (dynamic) or a schedule with a function`);
}

interface CronFields {
  readonly cron: string;
  readonly scheduleType: 'hourly' | 'daily' | 'weekly' | 'monthly' | undefined;
}

// Dagster's get_cron_schedule: the cadence's cron with each field taken from the options,
// else from the partitions' own cron (its offsets).
function scheduleCron(what: string, partitions: CronFields, options: PartitionedScheduleOptions): string {
  const { minuteOfHour, hourOfDay, dayOfWeek, dayOfMonth } = options;
  const type = partitions.scheduleType;
  const given = [minuteOfHour, hourOfDay, dayOfWeek, dayOfMonth].some((value) => value !== undefined);
  if (type === undefined) {
    if (given) throw new InvalidDefinitionError(what, `partitions with cron ${JSON.stringify(partitions.cron)} cannot shift their schedule`);
    return partitions.cron;
  }
  const [minute, hour, day, , weekday] = partitions.cron.split(' ');
  const check = (name: string, value: number | undefined, min: number, max: number, fallback: string | undefined): string => {
    if (value === undefined) return fallback ?? String(min);
    if (!Number.isInteger(value) || value < min || value > max) throw new InvalidDefinitionError(what, `${name} must be an integer from ${min} to ${max}`);
    return String(value);
  };
  const onlyFor = (name: string, value: number | undefined, types: readonly string[]) => {
    if (value !== undefined && !types.includes(type)) throw new InvalidDefinitionError(what, `${name} does not apply to ${type} partitions`);
  };
  onlyFor('hourOfDay', hourOfDay, ['daily', 'weekly', 'monthly']);
  onlyFor('dayOfWeek', dayOfWeek, ['weekly']);
  onlyFor('dayOfMonth', dayOfMonth, ['monthly']);
  const m = check('minuteOfHour', minuteOfHour, 0, 59, minute);
  if (type === 'hourly') return `${m} * * * *`;
  const h = check('hourOfDay', hourOfDay, 0, 23, hour);
  if (type === 'daily') return `${m} ${h} * * *`;
  if (type === 'weekly') return `${m} ${h} * * ${check('dayOfWeek', dayOfWeek, 0, 6, weekday)}`;
  return `${m} ${h} ${check('dayOfMonth', dayOfMonth, 1, 31, day)} * *`;
}
