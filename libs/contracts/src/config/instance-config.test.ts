import { describe, expect, it } from 'vitest';
import { instanceConfigSchema } from './instance-config.js';

describe('instanceConfigSchema', () => {
  it('fills every default from an empty object, with camelCase keys', () => {
    const config = instanceConfigSchema.parse({});
    expect(config.storage).toEqual({ poolSize: 10 });
    expect(config.bus).toEqual({ prefix: 'orrery' });
    expect(config.runCoordinator).toEqual({ maxConcurrentRuns: 10, tagConcurrencyLimits: [], dequeueIntervalMs: 1000 });
    expect(config.runLauncher).toEqual({ type: 'nats', ackWaitMs: 30_000 });
    expect(config.computeLogs).toEqual({ type: 'local', baseDir: './compute-logs' });
    expect(config.runMonitoring).toMatchObject({
      enabled: true,
      startTimeoutSeconds: 180,
      cancelTimeoutSeconds: 180,
      maxResumeRunAttempts: 0,
      pollIntervalSeconds: 120,
    });
    expect(config.runRetries).toEqual({ enabled: false, maxRetries: 0, retryOnAssetOrOpFailure: true, strategy: 'FROM_FAILURE' });
    expect(config.schedules.maxCatchupRuns).toBe(5);
    expect(config.sensors.minIntervalSeconds).toBe(30);
    expect(config.telemetry).toEqual({ enabled: false, serviceNamePrefix: 'orrery' });
  });

  it('keeps Dagster\'s tick retention defaults: schedules forever, skipped sensor ticks 7 days', () => {
    const { retention } = instanceConfigSchema.parse({});
    expect(retention.schedule.purgeAfterDays).toEqual({ started: -1, skipped: -1, success: -1, failure: -1 });
    expect(retention.sensor.purgeAfterDays).toEqual({ started: -1, skipped: 7, success: -1, failure: -1 });
  });

  it('expands purge_after_days given as one number, and merges a partial per-status mapping over the defaults', () => {
    const { retention } = instanceConfigSchema.parse({
      retention: { schedule: { purge_after_days: 90 }, sensor: { purge_after_days: { failure: 30 } } },
    });
    expect(retention.schedule.purgeAfterDays).toEqual({ started: 90, skipped: 90, success: 90, failure: 90 });
    expect(retention.sensor.purgeAfterDays).toEqual({ started: -1, skipped: 7, success: -1, failure: 30 });
  });

  it('reads tag concurrency limits in Dagster\'s shape, snake_case in, camelCase out', () => {
    const config = instanceConfigSchema.parse({
      run_coordinator: {
        tag_concurrency_limits: [
          { key: 'database', value: 'redshift', limit: 4 },
          { key: 'orrery/backfill', value: { apply_limit_per_unique_value: true }, limit: 2 },
          { key: 'team', limit: 1 },
        ],
      },
    });
    expect(config.runCoordinator.tagConcurrencyLimits).toEqual([
      { key: 'database', value: 'redshift', limit: 4 },
      { key: 'orrery/backfill', value: { applyLimitPerUniqueValue: true }, limit: 2 },
      { key: 'team', limit: 1 },
    ]);
  });

  it('fills the defaults of the chosen run launcher', () => {
    const kubernetes = instanceConfigSchema.parse({ run_launcher: { type: 'kubernetes', resources: { limits: { cpu: 2 } } } });
    expect(kubernetes.runLauncher).toEqual({
      type: 'kubernetes',
      namespace: 'default',
      envVars: [],
      jobTtlSeconds: 86_400,
      resources: { limits: { cpu: '2' } },
    });
    const processLauncher = instanceConfigSchema.parse({ run_launcher: { type: 'process', env_vars: ['HOME', 'MODE=dev'] } });
    expect(processLauncher.runLauncher).toEqual({ type: 'process', envVars: ['HOME', 'MODE=dev'] });
  });

  it('accepts numbers and booleans written as strings, as ${VAR} interpolation produces them', () => {
    const config = instanceConfigSchema.parse({ storage: { pool_size: '20' }, telemetry: { enabled: 'true' } });
    expect(config.storage.poolSize).toBe(20);
    expect(config.telemetry.enabled).toBe(true);
  });

  it('rejects unknown keys in every section', () => {
    const result = instanceConfigSchema.safeParse({ storage: { pool_sise: 3 }, sensors: { min_interval: 5 }, extra: true });
    expect(result.success).toBe(false);
    const unknown = result.error?.issues.filter((issue) => issue.code === 'unrecognized_keys').map((issue) => [issue.path, (issue as { keys: string[] }).keys]);
    expect(unknown).toEqual([
      [['storage'], ['pool_sise']],
      [['sensors'], ['min_interval']],
      [[], ['extra']],
    ]);
  });

  it('requires S3 credentials as a pair', () => {
    const result = instanceConfigSchema.safeParse({ compute_logs: { type: 's3', bucket: 'logs', access_key_id: 'AKIA' } });
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['compute_logs.secret_access_key', 'required when the other credential is set'],
    ]);
  });

  it('requires the heartbeat timeout to exceed the heartbeat interval', () => {
    const result = instanceConfigSchema.safeParse({ run_monitoring: { heartbeat_interval_seconds: 60, heartbeat_timeout_seconds: 60 } });
    expect(result.error?.issues[0]?.path).toEqual(['run_monitoring', 'heartbeat_timeout_seconds']);
  });

  it('rejects a storage URL that is not postgres, without echoing its password', () => {
    const result = instanceConfigSchema.safeParse({ storage: { url: 'mysql://app:hunter2@db/orrery' } });
    expect(result.error?.issues[0]?.message).toBe('expected a postgres:// or postgresql:// URL, got "mysql://app:***@db/orrery"');
  });
});
