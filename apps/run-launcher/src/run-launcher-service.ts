import { catalog } from '@orrery/contracts';
import type { Bus, BusSubscription } from '@orrery/bus';
import type { InstanceConfig } from '@orrery/contracts';
import { PrismaCodeLocationStore, PrismaRunStore, type PrismaClient } from '@orrery/db';
import type { HostedService, Logger } from '@orrery/platform';
import { systemClock, type Clock } from './clock.js';
import { QueuedRunCoordinator } from './coordinator/queued-run-coordinator.js';
import { LaunchDispatcher } from './launch/launch-dispatcher.js';
import { LaunchTracker } from './launch/launch-tracker.js';
import type { RunLauncher } from './launchers/run-launcher.js';
import { RunMonitor } from './monitoring/run-monitor.js';
import { RunRetrier } from './retries/run-retrier.js';

/** Queue group of the `orrery.run.queued` subscription: each wake-up goes to one replica. */
export const RUN_QUEUED_QUEUE_GROUP = 'run-launcher';

/** Options of {@link RunLauncherService}. */
export interface RunLauncherServiceOptions {
  prisma: PrismaClient;
  bus: Bus;
  /** The instance config: `run_coordinator`, `run_launcher` (its type chose `launcher`), `run_monitoring`, `run_retries`. */
  config: Pick<InstanceConfig, 'runCoordinator' | 'runMonitoring' | 'runRetries' | 'runLauncher'>;
  launcher: RunLauncher;
  logger: Logger;
  /** Default: the wall clock. */
  clock?: Clock;
  /** Repeat the launch of a STARTING run nobody claimed after this long, in ms. Default 5000. */
  relaunchDelayMs?: number;
  /** Interval of the retry pass, in ms. Default 5000. */
  retryIntervalMs?: number;
  /** Run monitoring's poll interval in ms. Default: `run_monitoring.poll_interval_seconds`. */
  monitoringIntervalMs?: number;
}

/**
 * The run-launcher's work: the queued run coordinator (woken by `orrery.run.queued`, and
 * polling), run monitoring and run retries, sharing one launcher. Any number of replicas
 * may run: passes are serialized by the run queue lock and every status change is fenced.
 */
export class RunLauncherService implements HostedService {
  readonly coordinator: QueuedRunCoordinator;
  readonly monitor: RunMonitor | undefined;
  readonly retrier: RunRetrier | undefined;
  #subscription: BusSubscription | undefined;

  constructor(private readonly options: RunLauncherServiceOptions) {
    const { prisma, config, logger, launcher } = options;
    const clock = options.clock ?? systemClock;
    const runStore = new PrismaRunStore(prisma);
    const tracker = new LaunchTracker(options.relaunchDelayMs ?? 5_000);
    const dispatcher = new LaunchDispatcher({ launcher, runStore, tracker, clock, logger });
    this.coordinator = new QueuedRunCoordinator({
      prisma, runStore, dispatcher, tracker, clock, logger,
      limits: config.runCoordinator,
      dequeueIntervalMs: config.runCoordinator.dequeueIntervalMs,
    });
    this.monitor = config.runMonitoring.enabled
      ? new RunMonitor({
          prisma, runStore, dispatcher, clock, logger,
          policy: config.runMonitoring,
          pollIntervalMs: options.monitoringIntervalMs ?? config.runMonitoring.pollIntervalSeconds * 1000,
        })
      : undefined;
    this.retrier = config.runRetries.enabled
      ? new RunRetrier({
          prisma, runStore, clock, logger,
          locations: new PrismaCodeLocationStore(prisma),
          policy: config.runRetries,
          intervalMs: options.retryIntervalMs ?? 5_000,
          onRunQueued: (runId) => this.#announceQueued(runId),
        })
      : undefined;
  }

  async start(): Promise<void> {
    const { bus, config, logger } = this.options;
    if (config.runLauncher.type === 'nats') {
      // publishLaunch also recreates a missing stream; this only makes the first launch quick.
      await bus.ensureStreams().catch((error: unknown) => logger.warn({ err: error }, 'could not ensure the launch stream; the first launch will'));
    }
    this.#subscription = bus.subscribe(catalog.runQueued, () => this.coordinator.wake(), { queue: RUN_QUEUED_QUEUE_GROUP });
    this.coordinator.start();
    this.monitor?.start();
    this.retrier?.start();
  }

  /** Stops intake (wake-ups, polls, loops), waits for passes in progress, then stops the launcher. */
  async stop(): Promise<void> {
    await this.#subscription?.drain();
    await Promise.all([this.coordinator.stop(), this.monitor?.stop(), this.retrier?.stop()]);
    await this.options.launcher.stop?.();
  }

  /** A retry run was queued: wake this replica's queue at once, and tell the others (cheap, may be lost). */
  #announceQueued(runId: string): void {
    this.coordinator.wake();
    try {
      this.options.bus.publish(catalog.runQueued, { runId });
    } catch (error) {
      this.options.logger.warn({ err: error, runId }, 'could not publish run.queued; the queue poll picks the run up');
    }
  }
}
