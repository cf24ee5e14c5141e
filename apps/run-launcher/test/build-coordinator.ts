import type { RunQueueLimits } from '@orrery/core';
import { PrismaRunStore, type PrismaClient } from '@orrery/db';
import type { Logger } from '@orrery/platform';
import type { Clock } from '../src/clock.js';
import { QueuedRunCoordinator } from '../src/coordinator/queued-run-coordinator.js';
import { LaunchDispatcher } from '../src/launch/launch-dispatcher.js';
import { LaunchTracker } from '../src/launch/launch-tracker.js';
import type { RunLauncher } from '../src/launchers/run-launcher.js';

/** Options of {@link buildCoordinator}. */
export interface BuildCoordinatorOptions {
  prisma: PrismaClient;
  launcher: RunLauncher;
  clock: Clock;
  logger: Logger;
  limits?: RunQueueLimits;
  dequeueIntervalMs?: number;
  relaunchDelayMs?: number;
  maxLaunchesPerPass?: number;
}

/** A coordinator wired as the service wires it. */
export function buildCoordinator(options: BuildCoordinatorOptions): QueuedRunCoordinator {
  const { prisma, launcher, clock, logger } = options;
  const runStore = new PrismaRunStore(prisma);
  const tracker = new LaunchTracker(options.relaunchDelayMs ?? 5_000);
  const dispatcher = new LaunchDispatcher({ launcher, runStore, tracker, clock, logger });
  return new QueuedRunCoordinator({
    prisma, runStore, dispatcher, tracker, clock, logger,
    limits: options.limits ?? { maxConcurrentRuns: -1, tagConcurrencyLimits: [] },
    dequeueIntervalMs: options.dequeueIntervalMs ?? 3_600_000,
    ...(options.maxLaunchesPerPass !== undefined && { maxLaunchesPerPass: options.maxLaunchesPerPass }),
  });
}
