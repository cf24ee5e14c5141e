export { describeValue } from './describe-value.js';
export type { CamelCase, CamelCaseKeys } from './camel-case.js';
export { tagConcurrencyLimitSchema, runCoordinatorConfigSchema } from './run-coordinator-config.js';
export { storageConfigSchema, busConfigSchema } from './storage-config.js';
export { runLauncherConfigSchema } from './run-launcher-config.js';
export { computeLogsConfigSchema } from './compute-logs-config.js';
export { runMonitoringConfigSchema, runRetriesConfigSchema } from './run-monitoring-config.js';
export { schedulesConfigSchema, sensorsConfigSchema, retentionConfigSchema } from './automation-config.js';
export { telemetryConfigSchema } from './telemetry-config.js';
export {
  instanceConfigFileSchema,
  instanceConfigSchema,
  type InstanceConfig,
  type StorageConfig,
  type BusConfig,
  type RunCoordinatorConfig,
  type TagConcurrencyLimit,
  type RunLauncherConfig,
  type ComputeLogsConfig,
  type RunMonitoringConfig,
  type RunRetriesConfig,
  type SchedulesConfig,
  type SensorsConfig,
  type RetentionConfig,
  type TelemetryConfig,
} from './instance-config.js';
export {
  workspaceConfigSchema,
  deriveLocationName,
  type WorkspaceConfig,
  type CodeLocationConfig,
} from './workspace-config.js';
