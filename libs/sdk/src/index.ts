// @orrery/sdk: the user-facing definitions API. One entry point, explicit exports.

// Assets
export { asset } from './assets/asset.js';
export type { AssetOptions, AssetInLike, AssetInsShape, AssetInValue, AssetInputValues, AssetContextOf, ComputeOptions } from './assets/asset.js';
export { multiAsset } from './assets/multi-asset.js';
export type { MultiAssetDefinition, MultiAssetOptions, MultiAssetOutputs, MultiAssetSpec } from './assets/multi-asset.js';
export { observableSourceAsset, externalAsset, normalizeObservation } from './assets/source-assets.js';
export type {
  ExternalAsset,
  ExternalAssetOptions,
  ObservableSourceAsset,
  ObservableSourceAssetOptions,
  ObservationData,
  ObserveResultInput,
} from './assets/source-assets.js';
export { assetCheck, checkKeyOf, isAssetCheckDefinition } from './assets/asset-check.js';
export type { AssetCheckDefinition, AssetCheckFn, AssetCheckOptions } from './assets/asset-check.js';
export { assetOpName, toAssetKey } from './assets/asset-spec.js';
export type { AssetCheckSpecInput, AssetDep, AssetDepLike, AssetRef, AssetSpecData, AssetSpecOptions } from './assets/asset-spec.js';
export { isAssetsDefinition } from './assets/assets-definition.js';
export type {
  AnyAssetsDefinition,
  AssetComputeFn,
  AssetDefinition,
  AssetInData,
  ComputedAssetsDefinition,
  ExternalAssetDefinition,
  ObservableSourceAssetDefinition,
  ObserveFn,
  Typed,
} from './assets/assets-definition.js';
export { collectAssetOutputs } from './assets/asset-outputs.js';
export type { AssetOutput } from './assets/asset-outputs.js';
export type {
  AssetCheckContext,
  AssetExecutionContext,
  Logger,
  ObserveContext,
  OpExecutionContext,
  PartitionContext,
  PartitionKeyRange,
  PartitionTimeWindow,
  RunContext,
  InstanceControls,
} from './assets/context.js';
export {
  AssetCheckResult,
  DynamicOutput,
  MaterializeResult,
  Output,
  isDynamicOutputResult,
  isMaterializeResult,
  isOutputResult,
  normalizeCheckResult,
  unwrapOutput,
} from './assets/results.js';
export type {
  AssetCheckResultData,
  AssetCheckResultInput,
  AssetCheckSeverity,
  DynamicOutputResult,
  MaterializeResultValue,
  OutputOptions,
  OutputResult,
  UnwrapResult,
  UnwrappedOutput,
} from './assets/results.js';

// Metadata
export {
  COLUMN_SCHEMA_METADATA_KEY,
  MetadataValue,
  ROW_COUNT_METADATA_KEY,
  columnSchema,
  metadataSchema,
  metadataValueSchema,
  normalizeMetadata,
  rowCount,
  tableSchemaSchema,
} from './metadata/metadata-value.js';
export type {
  Metadata,
  MetadataInput,
  MetadataValueData,
  MetadataValueType,
  TableColumn,
  TableSchema,
  TypedMetadataValue,
} from './metadata/metadata-value.js';

// Automation
export { AutomationCondition } from './automation/automation-condition.js';
export type { AutomationConditionData } from './automation/automation-condition.js';

// Ops, graphs, jobs
export { op, In, Out, DynamicOut, isOpDefinition } from './ops/op.js';
export type {
  DynamicOutSpec,
  InSpec,
  InputArgs,
  InputValues,
  InsShape,
  Invoke,
  OpComputeFn,
  OpContextOf,
  OpDefinition,
  OpDefinitionData,
  OpOptions,
  OutSpec,
  OutputHandles,
  OutputValues,
  OutsShape,
  PortOptions,
} from './ops/op.js';
export { collectOpOutputs } from './ops/op-outputs.js';
export type { OpOutput } from './ops/op-outputs.js';
export { graph } from './ops/graph.js';
export type { GraphDefinition, GraphInputs, GraphOptions } from './ops/graph.js';
export type { DynamicOutputHandle, InputArg, OutputHandle } from './ops/composition.js';
export type { OpGraph, OpNode, OpNodeInput, OutputRef } from './ops/op-graph.js';
export { job, defineAssetJob, isJobDefinition } from './jobs/job.js';
export type { AssetJobDefinition, AssetJobOptions, JobBody, JobDefinition, JobOptions, OpJobDefinition } from './jobs/job.js';
export { RunConfigError, configIsOptional, parseRunConfig, runConfigJsonSchema, runConfigSchema } from './jobs/run-config.js';
export type { ConfigEntry, ParsedRunConfig, RunConfigErrorDetails } from './jobs/run-config.js';

// Resources and IO managers
export { resource, ioManagerResource, isResourceDefinition, valueResource, ResourceConfigError } from './resources/resource.js';
export type { ConfigOf, ResourceConfigErrorDetails, ResourceDefinition, ResourceInitContext, ResourceInstance, ResourceOptions } from './resources/resource.js';
export { env, secret, isEnvVar, isSecretValue, configToJson } from './resources/env-var.js';
export type { ConfigValues, EnvMap, EnvVar, SecretValue } from './resources/env-var.js';
export { resolveResourceConfig } from './resources/resolve-resource-config.js';
export { resourceGraphProblems, resourceInitOrder } from './resources/resource-graph.js';
export type { ResourceGraphProblem } from './resources/resource-graph.js';
export { DEFAULT_IO_MANAGER_KEY, IOManagerError, StoredValueNotFoundError } from './io/io-manager.js';
export { buildInputContext, buildOutputContext, silentLogger } from './io/build-contexts.js';
export type { BuildInputContextOptions, BuildOutputContextOptions } from './io/build-contexts.js';
export type { IOManager, InputContext, OutputContext } from './io/io-manager.js';
export { jsonSerializer } from './io/serializers.js';
export type { Serializer } from './io/serializers.js';
export { DEFAULT_STORAGE_DIR, FilesystemIOManager, filesystemIOManager } from './io/filesystem-io-manager.js';
export type { FilesystemIOManagerOptions } from './io/filesystem-io-manager.js';
export { InMemoryIOManager, inMemoryIOManager } from './io/in-memory-io-manager.js';
export { PostgresIOManager, postgresIOManager } from './io/postgres-io-manager.js';
export type { PostgresIOManagerOptions, QueryablePool } from './io/postgres-io-manager.js';
export { postgresTableName } from './io/postgres-naming.js';

// Schedules
export { schedule, evaluateSchedule } from './schedules/schedule.js';
export type { ScheduleContext, ScheduleDefinition, ScheduleEvaluationInput, ScheduleFn, ScheduleOptions, ScheduleResult } from './schedules/schedule.js';
export { buildScheduleFromPartitionedJob } from './schedules/partitioned-schedule.js';
export type { PartitionedScheduleOptions } from './schedules/partitioned-schedule.js';
export { skip, isSkipReason, normalizeRunRequest } from './schedules/run-request.js';
export type { NormalizedRunRequest, RunRequest, RunRequestsOrSkip, SkipReason } from './schedules/run-request.js';
export { implicitJobName } from './schedules/target.js';
export type { DefaultStatus, InstigatorTarget } from './schedules/target.js';

// Sensors
export { sensor, evaluateSensor, DEFAULT_SENSOR_INTERVAL_SECONDS } from './sensors/sensor.js';
export type { SensorContext, SensorEvaluationInput, SensorFn, SensorOptions, StandardSensorDefinition } from './sensors/sensor.js';
export { assetSensor, evaluateAssetSensor } from './sensors/asset-sensor.js';
export type { AssetMaterializationEvent, AssetSensorContext, AssetSensorDefinition, AssetSensorEvaluationInput, AssetSensorOptions } from './sensors/asset-sensor.js';
export { runStatusSensor, runFailureSensor, evaluateRunStatusSensor } from './sensors/run-status-sensor.js';
export type {
  RunStatusSensorContext,
  RunStatusSensorDefinition,
  RunStatusSensorEvaluationInput,
  RunStatusSensorOptions,
  RunStatusSensorRun,
} from './sensors/run-status-sensor.js';
export { SensorResult, addDynamicPartitions, deleteDynamicPartitions } from './sensors/sensor-result.js';
export type { DynamicPartitionsRequest, SensorEvaluation, SensorResultInput, SensorReturn } from './sensors/sensor-result.js';

// From core, so a code location needs only @orrery/sdk: retries, asset keys and
// selections, partitions definitions and mappings.
export { RetryRequested, isRetryRequested } from '@orrery/core';
export type { RetryPolicy, RetryPolicyInput } from '@orrery/core';
export { AssetSelection, formatAssetKey, parseAssetKey } from '@orrery/core';
export type { AssetKey, AssetKeyLike, AssetSelectionLike } from '@orrery/core';
export {
  dailyPartitionsDefinition,
  dynamicPartitionsDefinition,
  hourlyPartitionsDefinition,
  monthlyPartitionsDefinition,
  multiPartitionsDefinition,
  staticPartitionsDefinition,
  timeWindowPartitionsDefinition,
  weeklyPartitionsDefinition,
  allPartitionMapping,
  identityPartitionMapping,
  lastPartitionMapping,
  multiToSingleDimensionPartitionMapping,
  specificPartitionsPartitionMapping,
  staticPartitionMapping,
  timeWindowPartitionMapping,
} from '@orrery/core';
export type { PartitionMapping, PartitionsDefinition } from '@orrery/core';

// Definitions
export { defineDefinitions } from './definitions/define-definitions.js';
export { IMPLICIT_ASSET_JOB_NAME, withImplicitAssetJob } from './definitions/implicit-asset-job.js';
export { Definitions, DefinitionNotFoundError } from './definitions/definitions.js';
export type { DefinitionsParts } from './definitions/definitions.js';
export type { DefinitionsOptions, ExecutorOptions, SensorDefinition } from './definitions/definitions-options.js';
export { DefinitionsError } from './definitions/definitions-error.js';
export type { DefinitionProblem } from './definitions/definitions-error.js';
export type { AssetNode, AssetNodeDependency } from './definitions/asset-nodes.js';
export type { ResolvedAssetJob, ResolvedJob, ResolvedOpJob } from './definitions/resolve-jobs.js';
export {
  definitionsSnapshotSchema,
  snapshotAssetCheckSchema,
  snapshotAssetSchema,
  snapshotJobSchema,
  snapshotResourceSchema,
  snapshotScheduleSchema,
  snapshotSensorSchema,
} from './definitions/snapshot-schema.js';
export type {
  DefinitionsSnapshot,
  SnapshotAsset,
  SnapshotAssetCheck,
  SnapshotJob,
  SnapshotResource,
  SnapshotSchedule,
  SnapshotSensor,
} from './definitions/snapshot-schema.js';

// Errors
export { InvalidDefinitionError, InvalidUserResultError } from './errors.js';
export type { InvalidDefinitionDetails } from './errors.js';
export { canonicalJson } from './internal/canonical-json.js';
export type { Json } from './internal/canonical-json.js';
