import { ANY, subjects } from '@orrery/contracts';
import type { BusResponder, BusSubscription, LaunchConsumer } from '@orrery/bus';
import { BatchingEventWriter, PrismaConcurrencyStore, PrismaDynamicPartitionsStore, PrismaEventLogStore } from '@orrery/db';
import { PoolSlotWaiter } from './pools/pool-slot-waiter.js';
import { createComputeLogManager, type ComputeLogManager } from './compute-logs/index.js';
import { loadWorkspaceConfig, runDaemonLoop, sleep, type HostedService, type ServiceContext } from '@orrery/platform';
import { serveCodeRequests } from './code-requests/code-request-server.js';
import type { ExecutorServiceEnv } from './env.js';
import type { CodeLocation } from './locations/code-location.js';
import { loadAndPublishLocations } from './locations/location-host.js';
import { AttemptRunner } from './runs/attempt-runner.js';
import { storedEventMessage } from './runs/run-event-message.js';
import { runHeartbeatLoop } from './runs/run-heartbeats.js';

/** Longest a schedule, sensor or partitions request may run user code, in ms. */
const CODE_REQUEST_TIMEOUT_MS = 60_000;
/** After a cancel, how long a run's child process gets before it is killed, in ms. */
const KILL_GRACE_MS = 3_000;
/** How often slots still held by finished runs are freed (a safety net; ends free their own). */
const SLOT_SWEEP_INTERVAL_MS = 60_000;

/**
 * The executor (ARCHITECTURE.md): hosts the workspace's code locations, answers their code
 * requests, takes launches from the work queue of each loaded location, and runs them.
 */
export class ExecutorService implements HostedService {
  private locations = new Map<string, CodeLocation>();
  private readonly responders: BusResponder[] = [];
  private readonly consumers: LaunchConsumer[] = [];
  private cancelSubscription: BusSubscription | undefined;
  private readonly heartbeats = new AbortController();
  private heartbeatLoop: Promise<void> | undefined;
  private slotSweep: Promise<void> | undefined;
  readonly writer: BatchingEventWriter;
  private readonly dynamicPartitions: PrismaDynamicPartitionsStore;
  private readonly computeLogs: ComputeLogManager;
  readonly runner: AttemptRunner;

  constructor(private readonly context: ServiceContext<ExecutorServiceEnv>) {
    this.dynamicPartitions = new PrismaDynamicPartitionsStore(context.prisma);
    this.computeLogs = createComputeLogManager(context.config.computeLogs, {
      onError: (error) => context.logger.warn({ err: error }, 'storing compute logs failed'),
    });
    const { prisma, bus, logger } = context;
    const dynamicPartitions = this.dynamicPartitions;
    this.writer = new BatchingEventWriter(new PrismaEventLogStore(prisma), {
      // Live followers get each stored event with its storage id; Postgres stays the truth.
      onStored: (records) => {
        for (const record of records) {
          if (record.runId !== null) bus.publish(subjects.runEvents(record.runId), storedEventMessage(record));
        }
      },
      onError: (error) => logger.warn({ err: error }, error.message),
    });
    this.runner = new AttemptRunner({
      prisma, bus, logger, writer: this.writer, replicaId: context.replicaId,
      env: process.env, killGraceMs: KILL_GRACE_MS,
      poolSlots: new PoolSlotWaiter(new PrismaConcurrencyStore(prisma)),
      dynamicPartitions: () => dynamicPartitions.lookup(),
      databaseUrl: context.config.storage.url ?? context.env.DATABASE_URL,
      computeLogs: this.computeLogs,
      computeLogsConfig: context.config.computeLogs,
    });
  }

  async start(): Promise<void> {
    const { env, prisma, bus, logger } = this.context;
    const workspace = await loadWorkspaceConfig({ path: env.ORRERY_WORKSPACE, env: process.env });
    this.locations = await loadAndPublishLocations({ locations: workspace.loadFrom, prisma, bus, logger });
    this.runner.useLocations(this.locations);

    this.cancelSubscription = bus.subscribe(subjects.runCancel(ANY), ({ runId }) => {
      if (this.runner.active.abort(runId, 'cancel')) logger.info({ runId }, 'cancel requested; canceling the run');
    });
    // Slots whose run ended without freeing them (an attempt resumed elsewhere that never
    // reached the step, a crash between the end and the release) are freed here.
    const pools = new PrismaConcurrencyStore(prisma);
    this.slotSweep = runDaemonLoop({ name: 'pool slot sweep', intervalMs: SLOT_SWEEP_INTERVAL_MS, signal: this.heartbeats.signal, logger }, async () => {
      const freed = await pools.freeSlotsOfFinishedRuns();
      if (freed.slots > 0 || freed.pendingSteps > 0) logger.info(freed, 'freed pool slots of finished runs');
    });
    this.heartbeatLoop = runHeartbeatLoop({
      prisma, active: this.runner.active, intervalMs: env.RUN_HEARTBEAT_INTERVAL_MS ?? this.context.config.runMonitoring.heartbeatIntervalSeconds * 1000, logger, signal: this.heartbeats.signal,
    });
    for (const location of this.locations.values()) {
      if (location.status === 'loaded') {
        this.responders.push(...serveCodeRequests({
          bus, location: location.name, definitions: location.definitions, logger, timeoutMs: CODE_REQUEST_TIMEOUT_MS,
          dynamicPartitions: () => this.dynamicPartitions.lookup(),
        }));
      }
      // A location that failed to load still takes its launches: each run fails at once with
      // the load error (JOB_INITIALIZATION_FAILURE) instead of waiting for the start timeout.
      this.consumers.push(bus.consumeLaunches(location.name, (launch) => this.takeLaunch(launch.runId, launch.attempt), {
        concurrency: env.EXECUTOR_MAX_CONCURRENT_RUNS,
      }));
    }
  }

  /**
   * Claims a launched attempt and starts it in the background: the launch is acked as soon as
   * the claim is stored (a long run never outlives the message's ack wait). A failed claim
   * (Postgres down) throws, so the message is redelivered.
   */
  private async takeLaunch(runId: string, attempt: number): Promise<void> {
    while (this.runner.active.size >= this.context.env.EXECUTOR_MAX_CONCURRENT_RUNS) await sleep(5);
    const outcome = await this.runner.claim(runId, attempt);
    if (!outcome.claimed) return;
    outcome.active.finished = this.runner.execute(outcome.run, outcome.active);
  }

  /** Stops intake, lets running attempts finish within the grace period, then stops the rest. */
  async stop(): Promise<void> {
    const { logger, env } = this.context;
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
    await Promise.all(this.responders.map((responder) => responder.drain()));
    this.cancelSubscription?.unsubscribe();
    const running = this.runner.active.all();
    if (running.length > 0) {
      const graceMs = Math.max(0, env.SHUTDOWN_GRACE_MS - 1_000);
      logger.info({ runs: running.length, graceMs }, 'waiting for running attempts');
      const allDone = Promise.all(running.map((run) => run.finished));
      await Promise.race([allDone, sleep(graceMs)]);
      for (const run of this.runner.active.all()) this.runner.active.abort(run.runId, 'shutdown');
      this.runner.stopping = true;
      await Promise.race([allDone, sleep(500)]);
    }
    this.heartbeats.abort();
    await Promise.all([this.heartbeatLoop, this.slotSweep]);
    await this.writer.close();
    await this.computeLogs.close();
  }
}
