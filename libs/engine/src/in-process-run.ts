import { OrreryError } from '@orrery/contracts';
import type { AssetKey, NewEvent } from '@orrery/core';
import {
  DEFAULT_IO_MANAGER_KEY, formatAssetKey, isAssetCheckDefinition, silentLogger, toAssetKey,
  type AnyAssetsDefinition, type AssetCheckDefinition, type AssetKeyLike, type Definitions, type EnvMap, type InMemoryIOManager, type InputContext,
} from '@orrery/sdk';
import { MemoryEventSink } from './event-sink.js';
import { executeRun, type RunResult } from './run/execute-run.js';
import type { ComputeLogCapture } from './run/compute-logs.js';

/** Options of the in-process helpers for tests: `materialize` and `executeJob`. */
export interface InProcessRunOptions {
  partitionKey?: string;
  /** A single-run range; both ends included. */
  partitionKeyRange?: { start: string; end: string };
  /** Resources by key: definitions or plain values. `io_manager` defaults to values in memory. */
  resources?: Readonly<Record<string, unknown>>;
  runConfig?: unknown;
  tags?: Readonly<Record<string, string>>;
  /** For `env()` references in resource config. Default: none. */
  env?: EnvMap;
  /** "Now" for partitions that exist by time. Default: the current time. */
  now?: Date;
  /** Steps running at once. Default: unlimited. */
  maxConcurrency?: number;
  /** Aborting it cancels the run (RUN_CANCELED). */
  signal?: AbortSignal;
  /** Time limit of one attempt of any step, in ms. Default: none. */
  stepTimeoutMs?: number;
  /** Captures each step's logs (e.g. a `MemoryComputeLogs`). Default: not captured. */
  computeLogs?: ComputeLogCapture;
}

/** How an in-process run ended, with every event it emitted. */
export interface InProcessOutcome extends RunResult {
  readonly success: boolean;
  readonly events: readonly NewEvent[];
  /** Events of one type, in order. */
  eventsOfType(type: NewEvent['type']): NewEvent[];
}

/**
 * Reading back a stored value failed: it was stored by another IO manager than the
 * in-memory one of the test run, or never stored.
 */
export class StoredValueUnavailableError extends OrreryError<'NOT_FOUND', { what: string; ioManager: string }> {
  constructor(readonly what: string, readonly ioManager: string) {
    super('NOT_FOUND', {
      message: `${what} is stored by IO manager "${ioManager}", not in memory: load it from there`,
      details: { what, ioManager },
    });
  }
}

/** Splits a list of assets and checks, as `materialize` and `executeJob` take them. */
export function splitAssetsAndChecks(items: readonly (AnyAssetsDefinition | AssetCheckDefinition)[]): {
  assets: AnyAssetsDefinition[];
  assetChecks: AssetCheckDefinition[];
} {
  return {
    assets: items.filter((item): item is AnyAssetsDefinition => !isAssetCheckDefinition(item)),
    assetChecks: items.filter(isAssetCheckDefinition),
  };
}

/** Runs `jobName` of `definitions`, collecting its events in memory. */
export async function runInProcess(definitions: Definitions, jobName: string, options: InProcessRunOptions): Promise<InProcessOutcome> {
  const sink = new MemoryEventSink();
  const { partitionKey, partitionKeyRange, maxConcurrency, signal, stepTimeoutMs, computeLogs } = options;
  const result = await executeRun({
    definitions, jobName, sink, runConfig: options.runConfig, tags: options.tags, env: options.env, now: options.now,
    ...(partitionKey === undefined ? {} : { partitionKey }),
    ...(partitionKeyRange === undefined ? {} : { partitionKeyRange }),
    ...(maxConcurrency === undefined ? {} : { maxConcurrency }),
    ...(signal === undefined ? {} : { signal }),
    ...(stepTimeoutMs === undefined ? {} : { stepTimeoutMs }),
    ...(computeLogs === undefined ? {} : { computeLogs }),
  });
  return {
    ...result,
    success: result.status === 'SUCCESS',
    events: sink.events,
    eventsOfType: (type) => sink.events.filter((event) => event.type === type),
  };
}

/**
 * Reads values the in-memory IO manager of a test run stored. `memoryBound` is false when
 * the caller bound its own `io_manager`: then nothing is read from memory.
 */
export class MemoryValues {
  constructor(
    private readonly memory: InMemoryIOManager,
    private readonly memoryBound: boolean,
    private readonly runId: string,
  ) {}

  /** The value of asset `key` (and `partitionKey`). Throws StoredValueUnavailableError or StoredValueNotFoundError. */
  async asset(definitions: Definitions, key: AssetKeyLike, partitionKey?: string): Promise<unknown> {
    const assetKey: AssetKey = toAssetKey(key);
    this.assertInMemory(`asset ${formatAssetKey(assetKey)}`, definitions.getAssetNode(assetKey).ioManagerKey);
    return await this.load({ assetKey, partitionKeys: partitionKey === undefined ? [] : [partitionKey], upstreamOutput: undefined });
  }

  /** Output `outputName` of op step `stepKey`, stored by IO manager `ioManager`. */
  async opOutput(stepKey: string, outputName: string, ioManager: string): Promise<unknown> {
    this.assertInMemory(`output ${outputName} of step ${stepKey}`, ioManager);
    return await this.load({ assetKey: undefined, partitionKeys: [], upstreamOutput: { runId: this.runId, stepKey, outputName } });
  }

  private assertInMemory(what: string, ioManager: string): void {
    if (ioManager !== DEFAULT_IO_MANAGER_KEY || !this.memoryBound) throw new StoredValueUnavailableError(what, ioManager);
  }

  private async load(target: Pick<InputContext, 'assetKey' | 'partitionKeys' | 'upstreamOutput'>): Promise<unknown> {
    return await this.memory.loadInput({ runId: this.runId, stepKey: 'test', inputName: 'value', log: silentLogger, ...target });
  }
}
