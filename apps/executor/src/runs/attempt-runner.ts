import { hostname } from 'node:os';
import { subjects } from '@orrery/contracts';
import type { Bus } from '@orrery/bus';
import type { DynamicPartitionKeysLookup, JsonObject, RunRecord } from '@orrery/core';
import { PrismaRunStore, type BatchingEventWriter, type PrismaClient } from '@orrery/db';
import type { ComputeLogsConfig } from '@orrery/contracts';
import type { ComputeLogManager } from '../compute-logs/index.js';
import { stepOutputAround } from '../compute-logs/index.js';
import { composeStepWrappers } from './compose-step-wrappers.js';
import { locationFeatures } from './location-features.js';
import type { PoolSlotWaiter } from '../pools/pool-slot-waiter.js';
import { poolSlotsAround } from './pool-steps.js';
import { sleep, type Logger } from '@orrery/platform';
import type { EnvMap } from '@orrery/sdk';
import type { CodeLocation } from '../locations/code-location.js';
import { runInChildProcess } from '../isolation/run-in-child-process.js';
import { ActiveRuns, type ActiveRun } from './active-runs.js';
import { AttemptEventSink, type TerminalEvent } from './attempt-event-sink.js';
import { executeAttempt } from './execute-attempt.js';
import { attemptEnd, writeAttemptEnd } from './finish-attempt.js';
import { storedEventMessage } from './run-event-message.js';
import { executionRequestOf, type RunExecutionRequest } from './run-execution-request.js';

/** What the attempt runner needs from the executor. */
export interface AttemptRunnerOptions {
  prisma: PrismaClient;
  bus: Bus;
  writer: BatchingEventWriter;
  logger: Logger;
  replicaId: string;
  /** The executor's locations by name (replaced with {@link AttemptRunner.useLocations}). */
  locations?: ReadonlyMap<string, CodeLocation>;
  /** For `env()` in resource config. */
  env: EnvMap;
  /** After a cancel, how long a child process gets before it is killed, in ms. */
  killGraceMs: number;
  /** Captures each step's stdout/stderr and log lines (`compute_logs` of orrery.yaml). */
  computeLogs?: ComputeLogManager;
  /** The `compute_logs` config, for a child process's own capture (`process` isolation). */
  computeLogsConfig?: ComputeLogsConfig;
  /** Waits for concurrency-pool slots around steps that name a pool. */
  poolSlots?: PoolSlotWaiter;
  /** Keys of dynamic partitions definitions, read before each attempt. */
  dynamicPartitions?: () => Promise<DynamicPartitionKeysLookup>;
  /** Postgres of the instance, for a child process's pool slots (`process` isolation). */
  databaseUrl?: string;
}

/** Outcome of {@link AttemptRunner.claim}. */
export type ClaimOutcome =
  | { claimed: true; run: RunRecord; active: ActiveRun }
  | { claimed: false; reason: string };

/**
 * Claims and runs attempts of runs. The claim is the fence (ARCHITECTURE.md principle 3): a
 * conditional STARTING → STARTED for exactly the launched attempt, so a launch delivered twice
 * runs once, and a stale executor can neither start nor finish a newer attempt.
 */
export class AttemptRunner {
  readonly active = new ActiveRuns();
  private readonly runs: PrismaRunStore;
  private locations: ReadonlyMap<string, CodeLocation>;

  constructor(private readonly options: AttemptRunnerOptions) {
    this.runs = new PrismaRunStore(options.prisma);
    this.locations = options.locations ?? new Map();
  }

  /** The locations launched runs execute in (after loading, or a reload). */
  useLocations(locations: ReadonlyMap<string, CodeLocation>): void {
    this.locations = locations;
  }

  /** Claims the attempt; a launch that is a duplicate, stale or canceled is answered here. */
  async claim(runId: string, attempt: number): Promise<ClaimOutcome> {
    const { logger } = this.options;
    // Retried here rather than by NATS redelivery: the consumer keeps the message in hand while
    // we wait, and a redelivered launch would be deduplicated away by a relaunch within the
    // stream's duplicate window.
    const claimData: JsonObject = { executor: this.options.replicaId, host: hostname(), pid: process.pid, attempt };
    const result = await this.persistently('claiming the attempt', runId, () => this.runs.transitionStatus({
      runId, from: 'STARTING', to: 'STARTED', attempt,
      event: { message: `attempt ${attempt} started by executor ${this.options.replicaId.slice(0, 8)}`, data: claimData },
    }));
    const run = result.run;
    if (!result.applied || !run) {
      if (run?.status === 'CANCELING' && run.attempt === attempt) {
        // Canceled while it waited in the launch queue: nothing ran, so it is canceled now.
        const canceled = await this.runs.transitionStatus({ runId, from: 'CANCELING', to: 'CANCELED', attempt, event: { message: 'canceled before it started' } });
        if (canceled.applied && canceled.run) this.publishStatusEvent(canceled.run, canceled.eventId, 'RUN_CANCELED');
        return { claimed: false, reason: 'canceled before it started' };
      }
      const why = run === null ? 'the run does not exist' : `the run is ${run.status} at attempt ${run.attempt}`;
      logger.info({ runId, attempt }, `launch not claimed: ${why}`);
      return { claimed: false, reason: why };
    }
    this.publishStatusEvent(run, result.eventId, 'RUN_START', claimData);
    const active: ActiveRun = { runId, attempt, controller: new AbortController(), cause: undefined, finished: Promise.resolve() };
    this.active.add(active);
    return { claimed: true, run, active };
  }

  /** Runs a claimed attempt to its end and writes it. Never throws. */
  async execute(run: RunRecord, active: ActiveRun): Promise<void> {
    const { logger } = this.options;
    const request = executionRequestOf(run, active.attempt);
    const sink = new AttemptEventSink(this.options.writer);
    const runtimeTimer = request.maxRuntimeMs === undefined
      ? undefined
      : setTimeout(() => this.active.abort(run.runId, 'max_runtime'), request.maxRuntimeMs);
    try {
      await this.runAttempt(request, sink, active.controller.signal);
      await this.options.writer.flush();
      const terminal = sink.terminal ?? lostEnd(request);
      const end = attemptEnd(terminal, active.cause, request.maxRuntimeMs);
      if (end === undefined) {
        logger.warn({ runId: run.runId, attempt: active.attempt, cause: active.cause }, 'attempt stopped; its end is left to run monitoring');
        return;
      }
      const location = this.locations.get(request.location);
      const releaseSlots = location?.status !== 'loaded' || locationFeatures(location.definitions).pools;
      const written = await this.persistently('writing the end of the attempt', run.runId, () => writeAttemptEnd(this.options.prisma, run.runId, active.attempt, end, releaseSlots));
      if (written.applied && written.run) this.publishStatusEvent(written.run, written.eventId, end.event.type, end.event.data ?? {});
      else logger.warn({ runId: run.runId, attempt: active.attempt, status: written.run?.status }, `attempt ended ${end.to} but the run moved on; not written`);
    } catch (error) {
      logger.error({ err: error, runId: run.runId }, 'executing the attempt failed; run monitoring will settle the run');
    } finally {
      clearTimeout(runtimeTimer);
      this.active.remove(run.runId);
    }
  }

  /**
   * Retries a write that must not be lost (a claim, the end of an attempt) through transient failures —
   * Postgres restarting, a pool exhausted under load — with a growing pause. Only a shutdown
   * gives up, leaving the run to run monitoring.
   */
  private async persistently<T>(what: string, runId: string, write: () => Promise<T>): Promise<T> {
    for (let failures = 0; ; failures += 1) {
      try {
        return await write();
      } catch (error) {
        if (this.stopping) throw error;
        const pauseMs = Math.min(5_000, 50 * 2 ** failures);
        this.options.logger.warn({ err: error, runId, failures: failures + 1, pauseMs }, `${what} failed; retrying`);
        await sleep(pauseMs);
      }
    }
  }

  /** Set by the executor's shutdown: writes stop retrying. */
  stopping = false;

  private async runAttempt(request: RunExecutionRequest, sink: AttemptEventSink, signal: AbortSignal): Promise<void> {
    const location = this.locations.get(request.location);
    if (location === undefined || location.status === 'failed') {
      const why = location === undefined ? `code location "${request.location}" is not hosted by this executor` : location.error.message;
      sink.emit({ runId: request.runId, type: 'RUN_FAILURE', level: 'ERROR', timestamp: new Date(), message: why, data: { reason: 'JOB_INITIALIZATION_FAILURE' } });
      return;
    }
    if (location.definitions.executor.isolation === 'process') {
      const { databaseUrl, computeLogsConfig } = this.options;
      await runInChildProcess({
        location: location.config, request, sink, signal, killGraceMs: this.options.killGraceMs,
        ...(databaseUrl ? { databaseUrl } : {}), ...(computeLogsConfig ? { computeLogs: computeLogsConfig } : {}),
      });
      return;
    }
    const { poolSlots, computeLogs } = this.options;
    const dynamicPartitions = locationFeatures(location.definitions).dynamicPartitions ? await this.options.dynamicPartitions?.() : undefined;
    // The pool wait is outermost, so a step's captured output starts when it really runs.
    const wrapStep = composeStepWrappers(
      poolSlots ? poolSlotsAround(poolSlots, request) : undefined,
      computeLogs ? stepOutputAround(computeLogs, request.runId) : undefined,
    );
    await executeAttempt(location.definitions, request, {
      sink, signal, env: this.options.env,
      ...(computeLogs ? { computeLogs } : {}),
      ...(wrapStep ? { wrapStep } : {}),
      ...(dynamicPartitions ? { dynamicPartitions } : {}),
    });
  }

  /**
   * Publishes a status event the executor wrote with a transition, for live followers. Its
   * time is the run's (start or end) time as stored; its body, the event's data.
   */
  private publishStatusEvent(run: RunRecord, eventId: bigint | null, type: TerminalEvent['type'] | 'RUN_START', data: JsonObject = {}): void {
    if (eventId === null) return;
    const timestamp = (type === 'RUN_START' ? run.startedAt : run.endedAt) ?? new Date();
    try {
      this.options.bus.publish(subjects.runEvents(run.runId), storedEventMessage({ id: eventId, runId: run.runId, type, timestamp, stepKey: null, data }));
    } catch (error) {
      this.options.logger.warn({ err: error, runId: run.runId }, 'publishing a run event failed; followers read it from Postgres');
    }
  }

}

// The engine always reports an end; should it not (a bug), the run fails rather than hangs.
function lostEnd(request: RunExecutionRequest): TerminalEvent {
  return { runId: request.runId, type: 'RUN_FAILURE', level: 'ERROR', timestamp: new Date(), message: 'the engine reported no end for this attempt', data: { reason: 'UNKNOWN' } };
}
