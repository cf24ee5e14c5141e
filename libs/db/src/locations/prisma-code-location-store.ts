import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { withTransaction, type TransactionClient } from '../transaction.js';

/** A schedule or sensor of a location, as recorded in `jobs`. */
export interface InstigatorDefinition {
  name: string;
  type: 'SCHEDULE' | 'SENSOR';
  /** Its part of the definitions snapshot. */
  body: Record<string, unknown>;
}

/** What an executor publishes after loading a location. */
export interface LocationSnapshot {
  location: string;
  /** Content hash of `snapshot` (the SDK's `snapshotId`). */
  snapshotId: string;
  snapshot: Record<string, unknown>;
  instigators: readonly InstigatorDefinition[];
}

/** The state of a location as the instance knows it (`kvs` row `location:<name>`). */
export interface CodeLocationState {
  location: string;
  /** Current snapshot; null while the location has never loaded. */
  snapshotId: string | null;
  /** The latest load error (message and stack); null when the latest load succeeded. */
  error: { message: string; stack?: string } | null;
  updatedAt: Date;
}

/** Result of {@link PrismaCodeLocationStore.publish}. */
export interface PublishResult {
  /** False when the location already pointed at this snapshot: nothing was written. */
  changed: boolean;
}

const KEY_PREFIX = 'location:';

/**
 * Code locations in the instance: content-addressed `snapshots` rows, the location's
 * current snapshot and load error in `kvs`, and its schedules and sensors in `jobs`.
 * Written by the executor, read by every other service.
 */
export class PrismaCodeLocationStore {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Points the location at a snapshot, storing the snapshot and its schedules and sensors.
   * Unchanged code writes nothing, so many executor replicas starting at once are cheap.
   */
  async publish(input: LocationSnapshot, tx?: TransactionClient): Promise<PublishResult> {
    const current = await this.getState(input.location);
    if (current?.snapshotId === input.snapshotId && current.error === null) return { changed: false };
    await withTransaction(this.prisma, tx, async (db) => {
      // ON CONFLICT DO NOTHING: another replica may store the same snapshot concurrently.
      await db.snapshot.createMany({
        data: [{ snapshotId: input.snapshotId, snapshotType: 'LOCATION', body: input.snapshot as Prisma.InputJsonObject }],
        skipDuplicates: true,
      });
      const value = JSON.stringify({ snapshotId: input.snapshotId, error: null });
      await db.kvs.upsert({ where: { key: KEY_PREFIX + input.location }, create: { key: KEY_PREFIX + input.location, value }, update: { value } });
      const originIds = input.instigators.map((item) => originIdOf(input.location, item.type, item.name));
      await db.job.deleteMany({ where: { locationName: input.location, originId: { notIn: originIds } } });
      for (const item of input.instigators) {
        const originId = originIdOf(input.location, item.type, item.name);
        const body = item.body as Prisma.InputJsonObject;
        await db.job.upsert({
          where: { originId },
          create: { originId, selectorId: originId, locationName: input.location, name: item.name, jobType: item.type, body },
          update: { body },
        });
      }
    });
    return { changed: true };
  }

  /** Records that the location failed to load; its last good snapshot stays current. */
  async recordLoadError(location: string, error: { message: string; stack?: string }): Promise<void> {
    const current = await this.getState(location);
    const value = JSON.stringify({ snapshotId: current?.snapshotId ?? null, error });
    await this.prisma.kvs.upsert({ where: { key: KEY_PREFIX + location }, create: { key: KEY_PREFIX + location, value }, update: { value } });
  }

  /** The location's state, or null when no executor ever reported it. */
  async getState(location: string): Promise<CodeLocationState | null> {
    const row = await this.prisma.kvs.findUnique({ where: { key: KEY_PREFIX + location } });
    return row ? toState(location, row.value, row.updateTime) : null;
  }

  /** Every location any executor reported, by name. */
  async listStates(): Promise<CodeLocationState[]> {
    const rows = await this.prisma.kvs.findMany({ where: { key: { startsWith: KEY_PREFIX } }, orderBy: { key: 'asc' } });
    return rows.map((row) => toState(row.key.slice(KEY_PREFIX.length), row.value, row.updateTime));
  }

  /** A stored snapshot's body, or null. */
  async getSnapshot(snapshotId: string): Promise<Record<string, unknown> | null> {
    const row = await this.prisma.snapshot.findUnique({ where: { snapshotId }, select: { body: true } });
    return row ? (row.body as Record<string, unknown>) : null;
  }

  /** The schedules and sensors recorded for a location. */
  async listInstigators(location: string): Promise<InstigatorDefinition[]> {
    const rows = await this.prisma.job.findMany({ where: { locationName: location }, orderBy: { name: 'asc' } });
    return rows.map((row) => ({ name: row.name, type: row.jobType as InstigatorDefinition['type'], body: row.body as Record<string, unknown> }));
  }
}

/** Stable id of a schedule or sensor: location, kind and name. */
export function originIdOf(location: string, type: InstigatorDefinition['type'], name: string): string {
  return `${location}:${type.toLowerCase()}:${name}`;
}

function toState(location: string, value: string, updatedAt: Date): CodeLocationState {
  // A row edited by hand into another shape reads as "never loaded" rather than throwing.
  let parsed: { snapshotId?: unknown; error?: unknown } = {};
  try {
    parsed = JSON.parse(value) as typeof parsed;
  } catch {
    parsed = {};
  }
  const error = parsed.error as CodeLocationState['error'] | undefined;
  return {
    location,
    snapshotId: typeof parsed.snapshotId === 'string' ? parsed.snapshotId : null,
    error: error && typeof error.message === 'string' ? error : null,
    updatedAt,
  };
}
