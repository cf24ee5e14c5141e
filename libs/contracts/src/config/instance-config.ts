import { z } from 'zod';
import { camelCaseKeys } from './camel-case.js';
import { retentionConfigSchema, schedulesConfigSchema, sensorsConfigSchema } from './automation-config.js';
import { computeLogsConfigSchema } from './compute-logs-config.js';
import { runCoordinatorConfigSchema } from './run-coordinator-config.js';
import { runLauncherConfigSchema } from './run-launcher-config.js';
import { runMonitoringConfigSchema, runRetriesConfigSchema } from './run-monitoring-config.js';
import { busConfigSchema, storageConfigSchema } from './storage-config.js';
import { telemetryConfigSchema } from './telemetry-config.js';

/**
 * The sections of `orrery.yaml` as written (snake_case). Every section may be left out;
 * `prefault` runs the section's own schema on `{}` so its field defaults are filled.
 */
export const instanceConfigFileSchema = z
  .strictObject({
    storage: storageConfigSchema.prefault({}),
    bus: busConfigSchema.prefault({}),
    run_coordinator: runCoordinatorConfigSchema.prefault({}),
    run_launcher: runLauncherConfigSchema.prefault({ type: 'nats' }),
    compute_logs: computeLogsConfigSchema.prefault({ type: 'local' }),
    run_monitoring: runMonitoringConfigSchema.prefault({}),
    run_retries: runRetriesConfigSchema.prefault({}),
    schedules: schedulesConfigSchema.prefault({}),
    sensors: sensorsConfigSchema.prefault({}),
    retention: retentionConfigSchema.prefault({}),
    telemetry: telemetryConfigSchema.prefault({}),
  })
  .describe('orrery.yaml, the instance config (Dagster\'s dagster.yaml).');

/**
 * `orrery.yaml` parsed: validates the file's snake_case keys, fills every default, and
 * returns the same structure with camelCase keys ({@link InstanceConfig}).
 */
export const instanceConfigSchema = instanceConfigFileSchema.transform(camelCaseKeys);

/** The instance config with every default filled (parsed `orrery.yaml`). */
export type InstanceConfig = z.output<typeof instanceConfigSchema>;
/** `storage:` — Postgres URL and pool. */
export type StorageConfig = InstanceConfig['storage'];
/** `bus:` — NATS URL and subject prefix. */
export type BusConfig = InstanceConfig['bus'];
/** `run_coordinator:` — the run queue's limits. */
export type RunCoordinatorConfig = InstanceConfig['runCoordinator'];
/** One tag concurrency limit; `value` absent = every value counts toward one limit. */
export type TagConcurrencyLimit = RunCoordinatorConfig['tagConcurrencyLimits'][number];
/** `run_launcher:` — discriminated on `type`. */
export type RunLauncherConfig = InstanceConfig['runLauncher'];
/** `compute_logs:` — discriminated on `type`. */
export type ComputeLogsConfig = InstanceConfig['computeLogs'];
/** `run_monitoring:` — timeouts in seconds. */
export type RunMonitoringConfig = InstanceConfig['runMonitoring'];
/** `run_retries:` — the run retry policy. */
export type RunRetriesConfig = InstanceConfig['runRetries'];
/** `schedules:` — scheduler settings. */
export type SchedulesConfig = InstanceConfig['schedules'];
/** `sensors:` — sensor service settings. */
export type SensorsConfig = InstanceConfig['sensors'];
/** `retention:` — days to keep ticks per instigator type and tick status (-1 = forever). */
export type RetentionConfig = InstanceConfig['retention'];
/** `telemetry:` — OpenTelemetry export. */
export type TelemetryConfig = InstanceConfig['telemetry'];
