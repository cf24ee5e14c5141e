import { AssetSelection, type AssetSelectionLike } from '@orrery/core';
import { InvalidDefinitionError } from '../errors.js';
import { toRetryPolicy, type PartitionsDefinition, type RetryPolicy, type RetryPolicyInput } from '../internal/core-adapter.js';
import { assertName, normalizeTags } from '../internal/names.js';
import { normalizeMetadata, type MetadataInput, type MetadataValueData } from '../metadata/metadata-value.js';
import { recordComposition, type InvocableGraph } from '../ops/composition.js';
import type { OpDefinitionData } from '../ops/op.js';
import type { OpGraph } from '../ops/op-graph.js';
import type { ConfigEntry } from './run-config.js';

/** What every job has. */
interface JobBase {
  readonly name: string;
  readonly description: string | undefined;
  /** Tags given to every run of the job. */
  readonly tags: Readonly<Record<string, string>>;
  readonly metadata: Readonly<Record<string, MetadataValueData>>;
  /** The job's partitions; for an asset job without one, inferred from its assets by `defineDefinitions`. */
  readonly partitions: PartitionsDefinition | undefined;
  /** Run config used when a run gives none, merged under what it gives. */
  readonly defaultRunConfig: Readonly<Record<string, unknown>> | undefined;
}

/** A job of ops (Dagster's `@job`): a recorded graph of op invocations. */
export interface OpJobDefinition extends JobBase {
  readonly kind: 'op_job';
  readonly graph: OpGraph;
  /** The op definitions invoked, by op name. */
  readonly ops: ReadonlyMap<string, OpDefinitionData>;
  /** Retry policy of ops that have none (Dagster's `op_retry_policy`). */
  readonly opRetry: RetryPolicy | undefined;
  /** Where each configurable node's config sits in run config. */
  readonly configEntries: readonly ConfigEntry[];
}

/** A job materializing a selection of assets (Dagster's `define_asset_job`). */
export interface AssetJobDefinition extends JobBase {
  readonly kind: 'asset_job';
  readonly selection: AssetSelection;
}

/** Any job. */
export type JobDefinition = OpJobDefinition | AssetJobDefinition;

/** Options of {@link job}. */
export interface JobOptions {
  /** `[A-Za-z0-9_]+`, unique among jobs. */
  readonly name: string;
  readonly description?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly metadata?: MetadataInput;
  /** Default run config (`{ ops: { <alias>: { config } } }`), validated by `defineDefinitions`. */
  readonly config?: Readonly<Record<string, unknown>>;
  /** Partitions of the job: each run targets one key (ops read `context.partitionKey`). */
  readonly partitions?: PartitionsDefinition;
  readonly opRetry?: RetryPolicyInput;
}

/** Something whose invocation is a whole job body: a composition function or a graph without inputs. */
export type JobBody = (() => unknown) | InvocableGraph;

/**
 * Defines an op job. `body` invokes ops (and graphs) to wire them; it runs once, now, and
 * only records the structure:
 *
 * ```ts
 * const etl = job({ name: 'etl' }, () => {
 *   const rows = extract();
 *   load(transform(rows));
 * });
 * ```
 */
export function job(options: JobOptions, body: JobBody): OpJobDefinition {
  const name = assertName('job', options.name);
  const what = `job ${name}`;
  if (typeof body !== 'function') throw new InvalidDefinitionError(what, 'the composition function is missing');
  if ((body as { kind?: unknown }).kind === 'graph' && (body as unknown as InvocableGraph).inputNames.length > 0) {
    throw new InvalidDefinitionError(what, 'a graph with inputs cannot be a job body: wrap it in a composition function');
  }
  // A graph given as the body is the job (Dagster's `graph.to_job()`): its ops keep
  // their own aliases, unprefixed.
  const isGraph = (body as { kind?: unknown }).kind === 'graph';
  const recorded = recordComposition(what, () => (isGraph ? (body as unknown as InvocableGraph).compose({}) : body()));
  if (recorded.graph.nodes.length === 0) throw new InvalidDefinitionError(what, 'the job invokes no op');
  const ops = recorded.ops as ReadonlyMap<string, OpDefinitionData>;
  const configEntries: ConfigEntry[] = [];
  for (const node of recorded.graph.nodes) {
    const schema = ops.get(node.op)?.configSchema;
    if (schema !== undefined) configEntries.push({ path: node.alias.split('.'), schema });
  }
  return Object.freeze({
    kind: 'op_job',
    name,
    description: options.description,
    tags: normalizeTags(what, options.tags),
    metadata: normalizeMetadata(options.metadata),
    partitions: options.partitions,
    defaultRunConfig: options.config,
    graph: recorded.graph,
    ops,
    opRetry: toRetryPolicy(what, options.opRetry),
    configEntries,
  });
}

/** Options of {@link defineAssetJob}. */
export interface AssetJobOptions {
  readonly name: string;
  /** Which assets: selection text (`group:raw and kind:sql`) or an `AssetSelection`. */
  readonly selection: AssetSelectionLike;
  readonly description?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly metadata?: MetadataInput;
  /** Default: the one partitions definition of the selected assets (if they share one). */
  readonly partitions?: PartitionsDefinition;
  readonly config?: Readonly<Record<string, unknown>>;
}

/**
 * Defines an asset job (Dagster's `define_asset_job`). Selection text is parsed now (a
 * syntax error throws here); it is evaluated against the assets by `defineDefinitions`,
 * where a job that selects nothing is an error.
 */
export function defineAssetJob(options: AssetJobOptions): AssetJobDefinition {
  const name = assertName('job', options.name);
  const what = `job ${name}`;
  let selection: AssetSelection;
  try {
    selection = AssetSelection.from(options.selection);
  } catch (error) {
    throw new InvalidDefinitionError(what, `invalid selection: ${(error as Error).message}`, { cause: error });
  }
  return Object.freeze({
    kind: 'asset_job',
    name,
    description: options.description,
    tags: normalizeTags(what, options.tags),
    metadata: normalizeMetadata(options.metadata),
    partitions: options.partitions,
    defaultRunConfig: options.config,
    selection,
  });
}

/** True for a value built by {@link job} or {@link defineAssetJob}. */
export function isJobDefinition(value: unknown): value is JobDefinition {
  const kind = (value as { kind?: unknown } | null)?.kind;
  return typeof value === 'object' && value !== null && (kind === 'op_job' || kind === 'asset_job');
}
