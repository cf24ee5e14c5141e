import { partitionMappingJSONSchema, partitionsDefinitionJSONSchema } from '@orrery/core';
import { z } from 'zod';
import { metadataSchema } from '../metadata/metadata-value.js';

// The definitions snapshot: everything the services need about a code location, as JSON,
// without functions or secrets. Stored content-addressed in `snapshots` and read by
// services that never import user code. Add fields only as optional; never rename.

const json = z.json();
const jsonObject = z.record(z.string(), json);
const assetKey = z.array(z.string().min(1)).min(1);
const tags = z.record(z.string(), z.string());
const retry = z.object({ maxRetries: z.number().int(), delay: z.number(), backoff: z.string().optional(), jitter: z.string().optional() });

/** An asset of the snapshot. */
export const snapshotAssetSchema = z.object({
  key: assetKey,
  kind: z.enum(['materializable', 'observable_source', 'external']),
  deps: z.array(z.object({ key: assetKey, partitionMapping: partitionMappingJSONSchema.optional(), inputName: z.string().optional() })),
  group: z.string(),
  description: z.string().optional(),
  metadata: metadataSchema,
  tags,
  owners: z.array(z.string()),
  kinds: z.array(z.string()),
  codeVersion: z.string().optional(),
  /** Stored form of core's partitions definition. */
  partitions: partitionsDefinitionJSONSchema.optional(),
  automation: json.optional(),
  ioManagerKey: z.string(),
  /** The step computing the asset (absent for external assets). */
  computation: z
    .object({
      stepName: z.string(),
      canSubset: z.boolean(),
      /** Keys computed by the same step (a multi-asset's). */
      stepKeys: z.array(assetKey),
      pool: z.string().optional(),
      retry: retry.optional(),
      resourceKeys: z.array(z.string()),
      opTags: tags,
      configSchema: jsonObject.optional(),
    })
    .optional(),
  /** Names of the asset's checks (assetCheck() and checks of its own function). */
  checks: z.array(z.string()),
});

/** An asset check of the snapshot. */
export const snapshotAssetCheckSchema = z.object({
  assetKey,
  name: z.string(),
  blocking: z.boolean(),
  description: z.string().optional(),
  metadata: metadataSchema,
  /** `check`: an assetCheck() step; `asset`: evaluated by the asset's own function. */
  source: z.enum(['check', 'asset']),
  additionalDeps: z.array(assetKey),
  resourceKeys: z.array(z.string()),
});

const opSchema = z.object({
  name: z.string(),
  description: z.string().optional(),
  ins: z.array(z.object({ name: z.string(), description: z.string().optional() })),
  outs: z.array(z.object({ name: z.string(), dynamic: z.boolean(), ioManagerKey: z.string() })),
  configSchema: jsonObject.optional(),
  resourceKeys: z.array(z.string()),
  retry: retry.optional(),
  pool: z.string().optional(),
  tags,
});

const outputRef = z.object({ node: z.string(), output: z.string() });
const opNodeSchema = z.object({
  alias: z.string(),
  op: z.string(),
  inputs: z.record(
    z.string(),
    z.discriminatedUnion('kind', [
      outputRef.extend({ kind: z.literal('output') }),
      outputRef.extend({ kind: z.literal('collect') }),
      z.object({ kind: z.literal('fan_in'), sources: z.array(outputRef) }),
    ]),
  ),
  mappedOver: outputRef.optional(),
  graphPath: z.array(z.string()),
});

/** A job of the snapshot: an asset selection resolved to keys, or an op graph. */
export const snapshotJobSchema = z.object({
  name: z.string(),
  kind: z.enum(['asset_job', 'op_job']),
  implicit: z.boolean(),
  description: z.string().optional(),
  tags,
  metadata: metadataSchema,
  partitions: partitionsDefinitionJSONSchema.optional(),
  /** Canonical selection text (asset jobs). */
  selection: z.string().optional(),
  assetKeys: z.array(assetKey).optional(),
  checkKeys: z.array(z.string()).optional(),
  /** Op jobs: nodes in invocation order, and the ops by name. */
  graph: z.object({ nodes: z.array(opNodeSchema) }).optional(),
  ops: z.array(opSchema).optional(),
  opRetry: retry.optional(),
  /** JSON Schema of the run config; validate `defaultRunConfig` merged under a submission. */
  runConfigSchema: jsonObject,
  defaultRunConfig: jsonObject.optional(),
});

/** A schedule of the snapshot. */
export const snapshotScheduleSchema = z.object({
  name: z.string(),
  crons: z.array(z.string()).min(1),
  timezone: z.string(),
  jobName: z.string(),
  defaultStatus: z.enum(['RUNNING', 'STOPPED']),
  description: z.string().optional(),
  tags,
  /** False: each tick requests one run without evaluating code. */
  hasFunction: z.boolean(),
  /** Built from a partitioned job: each tick requests a partition. */
  partitioned: z.boolean(),
  runConfig: jsonObject.optional(),
});

/** A sensor of the snapshot. */
export const snapshotSensorSchema = z.object({
  name: z.string(),
  type: z.enum(['standard', 'asset', 'run_status']),
  minimumIntervalSeconds: z.number().positive(),
  jobName: z.string().optional(),
  defaultStatus: z.enum(['RUNNING', 'STOPPED']),
  description: z.string().optional(),
  tags,
  /** Asset sensors: the monitored asset. */
  assetKey: assetKey.optional(),
  /** Run-status sensors: the status and the monitored jobs (absent: every job). */
  runStatus: z.string().optional(),
  monitoredJobs: z.array(z.string()).optional(),
});

/** A resource of the snapshot: config with env references as `{ env }`, secrets as `{ secret: true }`. */
export const snapshotResourceSchema = z.object({
  key: z.string(),
  role: z.enum(['resource', 'io_manager']),
  description: z.string().optional(),
  config: json.optional(),
  configSchema: jsonObject.optional(),
  dependsOn: z.array(z.string()),
  /** A plain value given as a resource (nothing to configure). */
  fromValue: z.boolean(),
  /** The filesystem IO manager bound because no `io_manager` was given. */
  isDefault: z.boolean(),
});

/** The definitions snapshot (version 1). */
export const definitionsSnapshotSchema = z.object({
  version: z.literal(1),
  assets: z.array(snapshotAssetSchema),
  assetChecks: z.array(snapshotAssetCheckSchema),
  jobs: z.array(snapshotJobSchema),
  schedules: z.array(snapshotScheduleSchema),
  sensors: z.array(snapshotSensorSchema),
  resources: z.array(snapshotResourceSchema),
  /** Every distinct partitions definition used (assets and jobs), in canonical-JSON order. */
  partitionsDefinitions: z.array(partitionsDefinitionJSONSchema),
  executor: z.object({ maxConcurrency: z.number().int().positive().optional(), isolation: z.enum(['in_process', 'process']) }),
});

/** The definitions snapshot. */
export type DefinitionsSnapshot = z.infer<typeof definitionsSnapshotSchema>;
export type SnapshotAsset = z.infer<typeof snapshotAssetSchema>;
export type SnapshotAssetCheck = z.infer<typeof snapshotAssetCheckSchema>;
export type SnapshotJob = z.infer<typeof snapshotJobSchema>;
export type SnapshotSchedule = z.infer<typeof snapshotScheduleSchema>;
export type SnapshotSensor = z.infer<typeof snapshotSensorSchema>;
export type SnapshotResource = z.infer<typeof snapshotResourceSchema>;
