import type { AssetKey } from '@orrery/core';

/**
 * The logger of a running step (`context.log.info('loaded', { rows: 10 })`). The engine
 * implements it: each call becomes a log event of the run, tied to the step.
 */
export interface Logger {
  debug(message: string, data?: Readonly<Record<string, unknown>>): void;
  info(message: string, data?: Readonly<Record<string, unknown>>): void;
  warn(message: string, data?: Readonly<Record<string, unknown>>): void;
  error(message: string, data?: Readonly<Record<string, unknown>>): void;
}

/** A `[start, end)` time window of a time-partitioned run. */
export interface PartitionTimeWindow {
  readonly start: Date;
  /** Exclusive. */
  readonly end: Date;
}

/** A range of partition keys, both ends included (Dagster's PartitionKeyRange). */
export interface PartitionKeyRange {
  readonly start: string;
  readonly end: string;
}

/**
 * What user code may change in the instance while it runs (Dagster's `context.instance`).
 * Changes are recorded as events of the step and applied with them: the keys exist once the
 * step's events are stored.
 */
export interface InstanceControls {
  /** Adds keys to a dynamic partitions definition (by its name); keys already there are kept. */
  addDynamicPartitions(partitionsDefName: string, partitionKeys: readonly string[]): void;
  /** Removes keys from a dynamic partitions definition; unknown keys are ignored. */
  deleteDynamicPartitions(partitionsDefName: string, partitionKeys: readonly string[]): void;
}

/** What every running user function sees, whatever it computes. */
export interface RunContext<Resources = Readonly<Record<string, unknown>>> {
  readonly runId: string;
  /** Name of the job the run executes (an asset job's name for asset runs). */
  readonly jobName: string;
  readonly log: Logger;
  /** The run's resources declared by the definition (`resources` option), by key. */
  readonly resources: Resources;
  /** Tags of the run (partition, schedule, custom...). */
  readonly runTags: Readonly<Record<string, string>>;
  /** Aborted when the run is canceled or the step times out: pass it to I/O calls. */
  readonly signal: AbortSignal;
  /** Changes to the instance: dynamic partitions. */
  readonly instance: InstanceControls;
}

/**
 * Partition information of a step. A run targets one partition (`partitionKey`) or a
 * range (a single-run backfill: `partitionKeyRange`, `partitionKeys`); unpartitioned
 * runs have neither.
 */
export interface PartitionContext {
  /** The run's partition key; undefined for an unpartitioned run or a range run. */
  readonly partitionKey: string | undefined;
  /** Every partition key the step processes (one for a single-partition run). */
  readonly partitionKeys: readonly string[];
  readonly partitionKeyRange: PartitionKeyRange | undefined;
  /** For time-window partitions: the window of the key (or of the whole range). */
  readonly partitionTimeWindow: PartitionTimeWindow | undefined;
}

/** Context of an op's compute function. */
export interface OpExecutionContext<Config = undefined, Resources = Readonly<Record<string, unknown>>>
  extends RunContext<Resources>,
    PartitionContext {
  /** The invocation's alias in the job (`transform`, `transform_2`, `etl.transform`). */
  readonly opName: string;
  /** The step key, e.g. `transform` or `process[file_3]` for a mapped dynamic step. */
  readonly stepKey: string;
  /** The op's config, parsed by its zod schema from the run config. */
  readonly config: Config;
  /** For a step mapped over a dynamic output: the mapping key of its item. */
  readonly mappingKey: string | undefined;
  /** 0 on the first attempt, 1 on the first retry... */
  readonly retryNumber: number;
}

/** Context of an asset's (or multi-asset's) compute function. */
export interface AssetExecutionContext<Config = undefined, Resources = Readonly<Record<string, unknown>>>
  extends OpExecutionContext<Config, Resources> {
  /** The asset's key (for a multi-asset: the first selected key; prefer `selectedAssetKeys`). */
  readonly assetKey: AssetKey;
  /** Every key the definition can materialize. */
  readonly assetKeys: readonly AssetKey[];
  /** The keys this run materializes: a subset of `assetKeys` when the definition can subset. */
  readonly selectedAssetKeys: readonly AssetKey[];
  /** Names of the asset checks (declared with `checks`) this run evaluates. */
  readonly selectedCheckNames: readonly string[];
}

/** Context of an observable source asset's observation function. */
export interface ObserveContext<Resources = Readonly<Record<string, unknown>>> extends RunContext<Resources>, PartitionContext {
  readonly assetKey: AssetKey;
}

/** Context of an asset check's function. */
export interface AssetCheckContext<Resources = Readonly<Record<string, unknown>>> extends RunContext<Resources>, PartitionContext {
  readonly assetKey: AssetKey;
  readonly checkName: string;
}
