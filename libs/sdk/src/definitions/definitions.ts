import { OrreryError } from '@orrery/contracts';
import type { AssetGraph} from '@orrery/core';
import { evaluateAssetSelection, formatAssetKey, type AssetKey, type AssetKeyLike, type AssetSelectionLike } from '@orrery/core';
import type { AssetCheckDefinition } from '../assets/asset-check.js';
import type { AnyAssetsDefinition } from '../assets/assets-definition.js';
import { sha256OfCanonical, type Json } from '../internal/canonical-json.js';
import type { ParsedRunConfig } from '../jobs/run-config.js';
import { resourceInitOrder } from '../resources/resource-graph.js';
import type { ResourceDefinition } from '../resources/resource.js';
import type { ScheduleDefinition } from '../schedules/schedule.js';
import type { AssetNode } from './asset-nodes.js';
import type { ExecutorOptions, SensorDefinition } from './definitions-options.js';
import type { ResolvedJob } from './resolve-jobs.js';
import type { DefinitionsSnapshot } from './snapshot-schema.js';

/** Thrown by the lookups of {@link Definitions} for a name or key that is not defined. */
export class DefinitionNotFoundError extends OrreryError<'NOT_FOUND', { kind: string; name: string }> {
  constructor(
    readonly kind: string,
    readonly definitionName: string,
  ) {
    super('NOT_FOUND', { message: `${kind} ${definitionName} is not defined`, details: { kind, name: definitionName } });
  }
}

/** The validated parts {@link Definitions} is built from (by `defineDefinitions`). */
export interface DefinitionsParts {
  readonly assetsDefinitions: readonly AnyAssetsDefinition[];
  readonly graph: AssetGraph<AssetNode>;
  readonly assetChecks: readonly AssetCheckDefinition[];
  readonly jobs: readonly ResolvedJob[];
  readonly schedules: readonly ScheduleDefinition[];
  readonly sensors: readonly SensorDefinition[];
  readonly resources: ReadonlyMap<string, ResourceDefinition>;
  readonly executor: Required<Pick<ExecutorOptions, 'isolation'>> & Pick<ExecutorOptions, 'maxConcurrency'>;
  readonly snapshot: DefinitionsSnapshot;
}

/**
 * Loaded, validated definitions of a code location: the read-only API the executor and
 * engine use to run them. Everything is plain data plus the user functions, looked up by
 * key or name:
 *
 * - assets: {@link assetGraph} (core's AssetGraph of {@link AssetNode}s: keys, deps,
 *   partitions, IO manager keys), {@link getAssetNode}, {@link getAssetsDefinition} (the
 *   step computing a key: `compute`, `ins`, `outputs`, `retry`, `pool`, `resourceKeys`...);
 * - checks: {@link assetChecks}, {@link getChecksForAsset};
 * - jobs: {@link getJob} resolves a job to asset keys (`kind: 'asset_job'`) or an op graph
 *   (`kind: 'op_job'`), with its run config schema and parser;
 * - resources: {@link getResource}, {@link resourceInitOrder};
 * - schedules and sensors: {@link getSchedule}, {@link getSensor} (pass them to
 *   `evaluateSchedule` / `evaluateSensor`...);
 * - {@link snapshot} and {@link snapshotId}: what gets published.
 */
export class Definitions {
  /** Asset-like definitions as given (deduplicated). */
  readonly assetsDefinitions: readonly AnyAssetsDefinition[];
  /** The asset graph; its nodes carry everything about each key. */
  readonly assetGraph: AssetGraph<AssetNode>;
  /** `assetCheck()` definitions (checks evaluated by asset functions are on `AssetNode.spec.checks`). */
  readonly assetChecks: readonly AssetCheckDefinition[];
  /** Every job, implicit ones included, by name order. */
  readonly jobs: readonly ResolvedJob[];
  readonly schedules: readonly ScheduleDefinition[];
  readonly sensors: readonly SensorDefinition[];
  /** Resources by key; `io_manager` is always bound. */
  readonly resources: ReadonlyMap<string, ResourceDefinition>;
  readonly executor: DefinitionsParts['executor'];
  /** Canonical JSON-ready snapshot (no functions, no secrets). */
  readonly snapshot: DefinitionsSnapshot;
  /** sha256 (hex) of the snapshot's canonical JSON: equal definitions, equal id. */
  readonly snapshotId: string;
  private readonly jobsByName: ReadonlyMap<string, ResolvedJob>;
  private readonly schedulesByName: ReadonlyMap<string, ScheduleDefinition>;
  private readonly sensorsByName: ReadonlyMap<string, SensorDefinition>;
  private readonly checksByAsset: ReadonlyMap<string, readonly AssetCheckDefinition[]>;

  /** @internal Use `defineDefinitions`. */
  constructor(parts: DefinitionsParts) {
    this.assetsDefinitions = parts.assetsDefinitions;
    this.assetGraph = parts.graph;
    this.assetChecks = parts.assetChecks;
    this.jobs = [...parts.jobs].sort((a, b) => (a.name < b.name ? -1 : 1));
    this.schedules = parts.schedules;
    this.sensors = parts.sensors;
    this.resources = parts.resources;
    this.executor = parts.executor;
    this.snapshot = parts.snapshot;
    // buildSnapshot returns the canonical form (sorted keys): hash its JSON text as is.
    this.snapshotId = sha256OfCanonical(parts.snapshot as unknown as Json);
    this.jobsByName = new Map(this.jobs.map((job) => [job.name, job]));
    this.schedulesByName = new Map(parts.schedules.map((s) => [s.name, s]));
    this.sensorsByName = new Map(parts.sensors.map((s) => [s.name, s]));
    const checks = new Map<string, AssetCheckDefinition[]>();
    for (const check of parts.assetChecks) {
      const key = formatAssetKey(check.assetKey);
      checks.set(key, [...(checks.get(key) ?? []), check]);
    }
    this.checksByAsset = checks;
    Object.freeze(this);
  }

  /** One node per asset key (materializable, observable source and external), in declaration order. */
  get assets(): readonly AssetNode[] {
    return this.assetGraph.nodes;
  }

  /** The node of `key`. Throws DefinitionNotFoundError. */
  getAssetNode(key: AssetKeyLike): AssetNode {
    if (!this.assetGraph.has(key)) throw new DefinitionNotFoundError('asset', formatAssetKey(key));
    return this.assetGraph.node(key);
  }

  /** The definition computing (or declaring) `key`. Throws DefinitionNotFoundError. */
  getAssetsDefinition(key: AssetKeyLike): AnyAssetsDefinition {
    return this.getAssetNode(key).definition;
  }

  /** `assetCheck()` definitions of an asset (empty when none). */
  getChecksForAsset(key: AssetKeyLike): readonly AssetCheckDefinition[] {
    return this.checksByAsset.get(formatAssetKey(key)) ?? [];
  }

  /** The check with key `asset/key:name`. Throws DefinitionNotFoundError. */
  getAssetCheck(checkKey: string): AssetCheckDefinition {
    const check = this.assetChecks.find((candidate) => candidate.checkKey === checkKey);
    if (check === undefined) throw new DefinitionNotFoundError('asset check', checkKey);
    return check;
  }

  hasJob(name: string): boolean {
    return this.jobsByName.has(name);
  }

  /** The resolved job `name`: asset keys or an op graph. Throws DefinitionNotFoundError. */
  getJob(name: string): ResolvedJob {
    const job = this.jobsByName.get(name);
    if (job === undefined) throw new DefinitionNotFoundError('job', name);
    return job;
  }

  /** Validates a run config for job `name` (merged over its default). Throws RunConfigError. */
  parseRunConfig(jobName: string, runConfig: unknown): ParsedRunConfig {
    return this.getJob(jobName).parseRunConfig(runConfig);
  }

  getSchedule(name: string): ScheduleDefinition {
    const found = this.schedulesByName.get(name);
    if (found === undefined) throw new DefinitionNotFoundError('schedule', name);
    return found;
  }

  getSensor(name: string): SensorDefinition {
    const found = this.sensorsByName.get(name);
    if (found === undefined) throw new DefinitionNotFoundError('sensor', name);
    return found;
  }

  getResource(key: string): ResourceDefinition {
    const found = this.resources.get(key);
    if (found === undefined) throw new DefinitionNotFoundError('resource', key);
    return found;
  }

  /**
   * Resources to set up for `keys` and everything they depend on, dependencies first.
   * Tear them down in reverse order.
   */
  resourceInitOrder(keys: Iterable<string>): string[] {
    return resourceInitOrder(Object.fromEntries(this.resources), keys);
  }

  /** Keys selected by a selection (text or builder), parents first. */
  resolveSelection(selection: AssetSelectionLike): AssetKey[] {
    return this.assetGraph.topologicalOrder(evaluateAssetSelection(selection, this.assetGraph));
  }
}
