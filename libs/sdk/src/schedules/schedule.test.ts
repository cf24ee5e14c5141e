import { dailyPartitionsDefinition, hourlyPartitionsDefinition, staticPartitionsDefinition, weeklyPartitionsDefinition } from '@orrery/core';
import { describe, expect, it } from 'vitest';
import { InvalidDefinitionError, InvalidUserResultError } from '../errors.js';
import { silentLogger } from '../io/build-contexts.js';
import { defineAssetJob, job } from '../jobs/job.js';
import { op } from '../ops/op.js';
import { buildScheduleFromPartitionedJob } from './partitioned-schedule.js';
import { skip } from './run-request.js';
import { evaluateSchedule, schedule } from './schedule.js';

const ping = op({ name: 'ping' }, () => 1);
const pingJob = job({ name: 'ping_job', tags: { team: 'ops' } }, () => ping());
const at = (iso: string) => ({ scheduledExecutionTime: new Date(iso), log: silentLogger });

describe('schedule', () => {
  it('without a function, requests one run of its job with its tags and run config', async () => {
    const nightly = schedule({ name: 'nightly', cron: '0 2 * * *', timezone: 'Europe/Paris', job: pingJob, tags: { kind: 'nightly' }, runConfig: { ops: {} } });
    expect(nightly).toMatchObject({ crons: ['0 2 * * *'], timezone: 'Europe/Paris', defaultStatus: 'STOPPED' });
    expect(await evaluateSchedule(nightly, at('2024-05-20T00:00:00Z'))).toEqual({
      runRequests: [{ jobName: 'ping_job', runConfig: { ops: {} }, tags: { kind: 'nightly', 'orrery/schedule_name': 'nightly' } }],
    });
  });

  it('passes the tick time to the function and normalizes requests and skips', async () => {
    const weekdays = schedule({ name: 'weekdays', crons: ['0 9 * * 1-5', '0 12 * * 6'], job: 'ping_job', defaultStatus: 'RUNNING' }, (context) => {
      const day = context.scheduledExecutionTime.getUTCDay();
      if (day === 6) return skip('no runs on Saturday');
      return [{ runKey: context.scheduledExecutionTime.toISOString(), tags: { day: String(day) } }];
    });
    expect(await evaluateSchedule(weekdays, at('2024-05-20T09:00:00Z'))).toEqual({
      runRequests: [{ jobName: 'ping_job', runKey: '2024-05-20T09:00:00.000Z', runConfig: {}, tags: { day: '1', 'orrery/schedule_name': 'weekdays' } }],
    });
    expect(await evaluateSchedule(weekdays, at('2024-05-25T12:00:00Z'))).toEqual({ runRequests: [], skipReason: 'no runs on Saturday' });
  });

  it('targets a selection through an implicit asset job', async () => {
    const s = schedule({ name: 'raw_hourly', cron: '@hourly', selection: 'group:raw' });
    expect(s.target.kind).toBe('selection');
    expect((await evaluateSchedule(s, at('2024-01-01T00:00:00Z'))).runRequests[0]!.jobName).toBe('__anonymous_asset_job_raw_hourly');
  });

  it('refuses bad options and bad results', async () => {
    expect(() => schedule({ name: 'x', job: pingJob })).toThrow(/a cron is required/);
    expect(() => schedule({ name: 'x', cron: '* * * * *', crons: ['* * * * *'], job: pingJob })).toThrow(/not both/);
    expect(() => schedule({ name: 'x', cron: '* * * * *' })).toThrow(/job or a selection/);
    expect(() => schedule({ name: 'x', cron: '* * * * *', job: pingJob, defaultStatus: 'ON' as never })).toThrow(/RUNNING or STOPPED/);
    const bad = schedule({ name: 'bad', cron: '* * * * *', job: pingJob }, () => ({ runKey: 3 }) as never);
    await expect(evaluateSchedule(bad, at('2024-01-01T00:00:00Z'))).rejects.toThrow(InvalidUserResultError);
    const mixed = schedule({ name: 'mixed', cron: '* * * * *', job: pingJob }, () => [{}, skip()] as never);
    await expect(evaluateSchedule(mixed, at('2024-01-01T00:00:00Z'))).rejects.toThrow(/not both/);
  });
});

describe('buildScheduleFromPartitionedJob', () => {
  it('ticks at the partitions cadence and requests the last existing partition', async () => {
    const daily = dailyPartitionsDefinition({ start: '2024-05-01' });
    const dailyJob = defineAssetJob({ name: 'daily_job', selection: '*', partitions: daily });
    const s = buildScheduleFromPartitionedJob(dailyJob);
    expect(s).toMatchObject({ name: 'daily_job_schedule', crons: ['0 0 * * *'], timezone: 'UTC' });
    expect((await evaluateSchedule(s, at('2024-05-20T00:00:00Z'))).runRequests.map((r) => r.partitionKey)).toEqual(['2024-05-19']);
    const shifted = buildScheduleFromPartitionedJob(dailyJob, { name: 'late', hourOfDay: 1, minuteOfHour: 30 });
    expect(shifted.crons).toEqual(['30 1 * * *']);
    // Dagster's documented example: at 01:30 on May 20 the run is for May 19.
    expect((await evaluateSchedule(shifted, at('2024-05-20T01:30:00Z'))).runRequests[0]!.partitionKey).toBe('2024-05-19');
    expect(await evaluateSchedule(s, at('2024-04-01T00:00:00Z'))).toMatchObject({ runRequests: [], skipReason: expect.stringMatching(/no partition/) });
  });

  it('keeps the partitions time zone and offsets, and refuses offsets that do not apply', () => {
    const weekly = weeklyPartitionsDefinition({ start: '2024-01-07', timezone: 'America/New_York', dayOffset: 1, hourOffset: 6 });
    const weeklyJob = defineAssetJob({ name: 'weekly_job', selection: '*', partitions: weekly });
    expect(buildScheduleFromPartitionedJob(weeklyJob)).toMatchObject({ crons: ['0 6 * * 1'], timezone: 'America/New_York' });
    expect(buildScheduleFromPartitionedJob(weeklyJob, { dayOfWeek: 3 }).crons).toEqual(['0 6 * * 3']);
    expect(() => buildScheduleFromPartitionedJob(weeklyJob, { dayOfMonth: 3 })).toThrow(/does not apply to weekly/);
    const hourlyJob = defineAssetJob({ name: 'hourly_job', selection: '*', partitions: hourlyPartitionsDefinition({ start: '2024-01-01-00:00' }) });
    expect(() => buildScheduleFromPartitionedJob(hourlyJob, { hourOfDay: 2 })).toThrow(/does not apply to hourly/);
    expect(() => buildScheduleFromPartitionedJob(weeklyJob, { minuteOfHour: 60 })).toThrow(/0 to 59/);
  });

  it('requests every static partition on a given cron', async () => {
    const regions = job({ name: 'regions', partitions: staticPartitionsDefinition(['eu', 'us']) }, () => ping());
    expect(() => buildScheduleFromPartitionedJob(regions)).toThrow(/needs a cron/);
    const s = buildScheduleFromPartitionedJob(regions, { cron: '0 3 * * *' });
    const { runRequests } = await evaluateSchedule(s, at('2024-01-01T03:00:00Z'));
    expect(runRequests.map((r) => [r.partitionKey, r.runKey])).toEqual([['eu', 'eu'], ['us', 'us']]);
  });

  it('needs the job partitions up front', () => {
    expect(() => buildScheduleFromPartitionedJob(pingJob)).toThrow(InvalidDefinitionError);
  });
});
