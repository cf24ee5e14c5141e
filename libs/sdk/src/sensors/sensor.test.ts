import { dynamicPartitionsDefinition } from '@orrery/core';
import { describe, expect, it } from 'vitest';
import { InvalidUserResultError } from '../errors.js';
import { silentLogger } from '../io/build-contexts.js';
import { job } from '../jobs/job.js';
import { op } from '../ops/op.js';
import { skip } from '../schedules/run-request.js';
import { assetSensor, evaluateAssetSensor, type AssetMaterializationEvent } from './asset-sensor.js';
import { evaluateRunStatusSensor, runFailureSensor, runStatusSensor } from './run-status-sensor.js';
import { SensorResult, addDynamicPartitions, deleteDynamicPartitions } from './sensor-result.js';
import { evaluateSensor, sensor } from './sensor.js';

const work = job({ name: 'work' }, () => op({ name: 'step' }, () => 1)());
const files = dynamicPartitionsDefinition('files');
const base = { log: silentLogger };

describe('sensor', () => {
  it('defaults to a 30 second interval and STOPPED', () => {
    expect(sensor({ name: 's', job: work }, () => undefined)).toMatchObject({ minimumIntervalSeconds: 30, defaultStatus: 'STOPPED', sensorType: 'standard' });
    expect(() => sensor({ name: 's', job: work, minimumIntervalSeconds: 0 }, () => undefined)).toThrow(/positive/);
  });

  it('returns run requests with run keys, keeping the cursor it was given', async () => {
    const watch = sensor({ name: 'watch', job: work, tags: { src: 'fs' } }, (context) => [
      { runKey: `file-${context.cursor ?? 0}`, runConfig: { ops: { step: {} } } },
    ]);
    expect(await evaluateSensor(watch, { ...base, cursor: '7' })).toEqual({
      runRequests: [{ jobName: 'work', runKey: 'file-7', runConfig: { ops: { step: {} } }, tags: { src: 'fs', 'orrery/sensor_name': 'watch' } }],
      cursor: '7',
      dynamicPartitionsRequests: [],
    });
  });

  it('moves the cursor by updateCursor or by the result, the result winning', async () => {
    const updating = sensor({ name: 'updating', job: work }, (context) => {
      context.updateCursor('10');
      return skip('nothing new');
    });
    expect(await evaluateSensor(updating, { ...base, cursor: '9' })).toEqual({ runRequests: [], skipReason: 'nothing new', cursor: '10', dynamicPartitionsRequests: [] });
    const returning = sensor({ name: 'returning', job: work }, (context) => {
      context.updateCursor('10');
      return SensorResult({ cursor: '11' });
    });
    expect((await evaluateSensor(returning, { ...base, cursor: undefined })).cursor).toBe('11');
  });

  it('carries dynamic partitions requests with partition run requests', async () => {
    const discover = sensor({ name: 'discover', job: work }, () =>
      SensorResult({
        runRequests: [{ partitionKey: 'a.csv', runKey: 'a.csv' }],
        dynamicPartitionsRequests: [addDynamicPartitions(files, ['a.csv']), deleteDynamicPartitions('files', ['old.csv'])],
        cursor: 'a.csv',
      }),
    );
    const result = await evaluateSensor(discover, { ...base, cursor: undefined });
    expect(result.dynamicPartitionsRequests).toEqual([
      { type: 'add', partitionsDefName: 'files', partitionKeys: ['a.csv'] },
      { type: 'delete', partitionsDefName: 'files', partitionKeys: ['old.csv'] },
    ]);
    expect(result.runRequests).toEqual([expect.objectContaining({ partitionKey: 'a.csv', runKey: 'a.csv', jobName: 'work' })]);
    expect(() => addDynamicPartitions(files, [''])).toThrow(/non-empty/);
  });

  it('refuses results it cannot interpret', async () => {
    const both = sensor({ name: 'both', job: work }, () => SensorResult({ runRequests: [{}], skipReason: 'x' }));
    await expect(evaluateSensor(both, { ...base, cursor: undefined })).rejects.toThrow(/not both/);
    const badCursor = sensor({ name: 'bad', job: work }, () => ({ cursor: 5 }) as never);
    await expect(evaluateSensor(badCursor, { ...base, cursor: undefined })).rejects.toThrow(InvalidUserResultError);
  });
});

describe('asset sensor', () => {
  const event: AssetMaterializationEvent = {
    eventId: '1042',
    runId: 'r1',
    assetKey: ['raw', 'orders'],
    partitionKey: undefined,
    timestamp: new Date('2024-01-01T00:00:00Z'),
    metadata: {},
    dataVersion: undefined,
  };

  it('runs on a new materialization and moves the cursor to its event', async () => {
    const onOrders = assetSensor({ name: 'on_orders', asset: 'raw/orders', job: work }, (_context, materialization) => ({
      runKey: materialization.runId,
    }));
    expect(onOrders.assetKey).toEqual(['raw', 'orders']);
    const fired = await evaluateAssetSensor(onOrders, { ...base, cursor: '1000', event });
    expect(fired).toMatchObject({ cursor: '1042', runRequests: [{ runKey: 'r1', jobName: 'work' }] });
    const idle = await evaluateAssetSensor(onOrders, { ...base, cursor: '1042', event: undefined });
    expect(idle).toEqual({ runRequests: [], skipReason: 'no new materialization', cursor: '1042', dynamicPartitionsRequests: [] });
  });
});

describe('run-status sensors', () => {
  const run = { runId: 'r9', jobName: 'work', status: 'FAILURE' as const, tags: {}, partitionKey: undefined };

  it('watch a status of chosen jobs and request the request job', async () => {
    const retryOnFailure = runFailureSensor({ name: 'retry_failures', monitoredJobs: [work], requestJob: work }, (context) => ({
      runKey: `retry-${context.run.runId}`,
      tags: { reason: context.failure?.message ?? '' },
    }));
    expect(retryOnFailure).toMatchObject({ sensorType: 'run_status', runStatus: 'FAILURE' });
    const result = await evaluateRunStatusSensor(retryOnFailure, { ...base, run, failure: { message: 'boom' } });
    expect(result.runRequests).toEqual([
      { jobName: 'work', runKey: 'retry-r9', runConfig: {}, tags: { reason: 'boom', 'orrery/sensor_name': 'retry_failures' } },
    ]);
  });

  it('needs a request job to request runs, and a known status', async () => {
    const notify = runStatusSensor({ name: 'notify', runStatus: 'SUCCESS' }, () => [{}]);
    expect(notify.target).toBeUndefined();
    await expect(evaluateRunStatusSensor(notify, { ...base, run })).rejects.toThrow(/no requestJob/);
    expect(() => runStatusSensor({ name: 'x', runStatus: 'DONE' as never }, () => undefined)).toThrow(/runStatus must be one of/);
  });
});
