// Schedules and sensors, evaluated the way the executor evaluates them for the scheduler
// and sensor services: evaluateSchedule / evaluateSensor, no service running.
import { utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { evaluateSchedule, evaluateSensor, silentLogger } from '@orrery/sdk';
import { describe, expect, it } from 'vitest';
import { definitions } from '../src/definitions.js';
import { LandingZone } from '../src/resources/landing-zone.js';
import { customersSchedule, dailyPipelineSchedule, dailySalesSchedule } from '../src/schedules/daily-pipeline.js';
import { decodeLandingCursor, encodeLandingCursor, landingFileSensor, newLandingFiles } from '../src/sensors/file-sensors.js';
import { tempDir } from './support.js';

describe('schedules', () => {
  it("daily_pipeline_schedule loads the previous day's orders, once per day", async () => {
    const result = await evaluateSchedule(dailyPipelineSchedule, { scheduledExecutionTime: new Date('2024-03-01T06:00:00Z'), log: silentLogger });
    expect(result.runRequests).toEqual([
      {
        jobName: 'data_pipeline',
        runKey: '2024-02-29',
        runConfig: { ops: { extract_orders: { config: { source: 'api', day: '2024-02-29' } } } },
        tags: { 'orrery/schedule_name': 'daily_pipeline_schedule', day: '2024-02-29' },
      },
    ]);
    // What it requests is a valid run of the job.
    expect(() => definitions.getJob('data_pipeline').parseRunConfig(result.runRequests[0]!.runConfig)).not.toThrow();
    expect(dailyPipelineSchedule.crons).toEqual(['0 6 * * *']);
  });

  it('daily_sales_schedule materializes the partition of the day that just ended', async () => {
    expect(dailySalesSchedule.crons).toEqual(['0 1 * * *']);
    const tick = await evaluateSchedule(dailySalesSchedule, { scheduledExecutionTime: new Date('2024-03-16T01:00:00Z'), log: silentLogger });
    expect(tick.runRequests).toEqual([expect.objectContaining({ jobName: 'daily_sales_job', partitionKey: '2024-03-15' })]);
    // On the first day no day has ended yet: nothing to run.
    const first = await evaluateSchedule(dailySalesSchedule, { scheduledExecutionTime: new Date('2024-01-01T01:00:00Z'), log: silentLogger });
    expect(first.runRequests).toEqual([]);
    expect(first.skipReason).toMatch(/no partition of job daily_sales_job exists/);
  });

  it('customers_refresh_schedule requests one plain run of customers_job', async () => {
    const result = await evaluateSchedule(customersSchedule, { scheduledExecutionTime: new Date('2024-03-16T00:30:00Z'), log: silentLogger });
    expect(result.runRequests).toEqual([expect.objectContaining({ jobName: 'customers_job', runConfig: {} })]);
  });

  it('every schedule waits to be started', () => {
    expect(definitions.schedules.map((schedule) => [schedule.name, schedule.defaultStatus]).sort()).toEqual([
      ['customers_refresh_schedule', 'STOPPED'], ['daily_pipeline_schedule', 'STOPPED'], ['daily_sales_schedule', 'STOPPED'],
    ]);
  });
});

describe('landing_file_sensor', () => {
  async function drop(dir: string, name: string, mtimeSeconds: number): Promise<void> {
    await writeFile(join(dir, name), 'order_id,customer_id,amount,currency,status,created_at\n');
    await utimes(join(dir, name), mtimeSeconds, mtimeSeconds);
  }
  const tick = (dir: string, cursor: string | undefined) => evaluateSensor(landingFileSensor, { cursor, log: silentLogger, resources: { landing: new LandingZone(dir) } });

  it('requests one run per new file, moves its cursor, and skips when nothing is new', async () => {
    const dir = await tempDir();
    const empty = await tick(dir, undefined);
    expect(empty).toMatchObject({ runRequests: [], skipReason: 'no new file in the landing directory', cursor: undefined });

    await drop(dir, 'b.csv', 1_700_000_100);
    await drop(dir, 'a.csv', 1_700_000_000);
    const first = await tick(dir, undefined);
    expect(first.runRequests).toEqual([
      {
        jobName: 'data_pipeline',
        runKey: 'a.csv:1700000000000',
        runConfig: { ops: { extract_orders: { config: { source: 'file', file: 'a.csv' } } } },
        tags: { trigger: 'landing_file', 'orrery/sensor_name': 'landing_file_sensor', landing_file: 'a.csv' },
      },
      expect.objectContaining({ runKey: 'b.csv:1700000100000' }),
    ]);
    expect(decodeLandingCursor(first.cursor)).toEqual({ mtimeMs: 1_700_000_100_000, names: ['b.csv'] });
    for (const request of first.runRequests) expect(() => definitions.getJob('data_pipeline').parseRunConfig(request.runConfig)).not.toThrow();

    const again = await tick(dir, first.cursor);
    expect(again.runRequests).toEqual([]);
    expect(again.cursor).toBe(first.cursor);

    await drop(dir, 'c.csv', 1_700_000_200);
    await drop(dir, 'a.csv', 1_700_000_300); // a.csv replaced by a newer export
    const next = await tick(dir, first.cursor);
    expect(next.runRequests.map((request) => request.runKey)).toEqual(['c.csv:1700000200000', 'a.csv:1700000300000']);
  });

  it('does not miss a file written in the same millisecond as the last one seen', () => {
    const seen = newLandingFiles([{ name: 'a.csv', size: 1, mtimeMs: 5 }], decodeLandingCursor(undefined));
    expect(seen.cursor).toEqual({ mtimeMs: 5, names: ['a.csv'] });
    const later = newLandingFiles([{ name: 'a.csv', size: 1, mtimeMs: 5 }, { name: 'b.csv', size: 1, mtimeMs: 5 }], seen.cursor);
    expect(later.files.map((file) => file.name)).toEqual(['b.csv']);
    expect(later.cursor).toEqual({ mtimeMs: 5, names: ['a.csv', 'b.csv'] });
    expect(newLandingFiles([{ name: 'a.csv', size: 1, mtimeMs: 5 }], later.cursor).files).toEqual([]);
  });

  it('reads a missing or unreadable cursor as "nothing seen"', () => {
    expect(decodeLandingCursor('not json')).toEqual({ mtimeMs: -1, names: [] });
    expect(decodeLandingCursor(encodeLandingCursor({ mtimeMs: 7, names: ['z.csv', 'a.csv'] }))).toEqual({ mtimeMs: 7, names: ['a.csv', 'z.csv'] });
  });
});
