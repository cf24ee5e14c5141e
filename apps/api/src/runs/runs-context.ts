import type { Bus } from '@orrery/bus';
import { PrismaCodeLocationStore, PrismaEventLogStore, PrismaRunStore, type PrismaClient } from '@orrery/db';
import type { Logger } from '@orrery/platform';
import { LocationSnapshots } from './location-snapshots.js';

/** What the run routes work with: the stores over one Prisma client, the bus, a logger and the clock. */
export interface RunsContext {
  readonly prisma: PrismaClient;
  readonly runs: PrismaRunStore;
  readonly events: PrismaEventLogStore;
  readonly snapshots: LocationSnapshots;
  readonly bus: Bus;
  readonly logger: Logger;
  /** "Now": which time-window partitions exist, when a cancel was requested. */
  readonly clock: () => Date;
}

/** Builds the stores of a {@link RunsContext} over `prisma`. */
export function createRunsContext(deps: { prisma: PrismaClient; bus: Bus; logger: Logger; clock: () => Date }): RunsContext {
  return {
    ...deps,
    runs: new PrismaRunStore(deps.prisma),
    events: new PrismaEventLogStore(deps.prisma),
    snapshots: new LocationSnapshots(new PrismaCodeLocationStore(deps.prisma)),
  };
}
