import { subjects } from '@orrery/contracts';
import type { Bus } from '@orrery/bus';
import { PrismaCodeLocationStore, type InstigatorDefinition, type PrismaClient } from '@orrery/db';
import type { Logger, ResolvedCodeLocationConfig } from '@orrery/platform';
import type { Definitions } from '@orrery/sdk';
import { loadCodeLocation, type CodeLocation } from './code-location.js';

/** The schedules and sensors of a location's snapshot, as `jobs` rows. */
export function instigatorsOf(definitions: Definitions): InstigatorDefinition[] {
  const { schedules, sensors } = definitions.snapshot;
  return [
    ...schedules.map((schedule) => ({ name: schedule.name, type: 'SCHEDULE' as const, body: schedule as unknown as Record<string, unknown> })),
    ...sensors.map((sensor) => ({ name: sensor.name, type: 'SENSOR' as const, body: sensor as unknown as Record<string, unknown> })),
  ];
}

/**
 * Loads every location of the workspace and reports each to the instance: a loaded one's
 * snapshot is stored (content-addressed; unchanged code writes nothing) and announced on
 * `definitions.updated`; a failed one's error is stored for the api to serve. One location
 * failing never stops the others.
 */
export async function loadAndPublishLocations(options: {
  locations: readonly ResolvedCodeLocationConfig[];
  prisma: PrismaClient;
  bus: Bus;
  logger: Logger;
}): Promise<Map<string, CodeLocation>> {
  const store = new PrismaCodeLocationStore(options.prisma);
  const loaded = new Map<string, CodeLocation>();
  for (const config of options.locations) {
    const location = await loadCodeLocation(config);
    loaded.set(location.name, location);
    if (location.status === 'failed') {
      options.logger.error({ location: location.name, error: location.error }, location.error.message);
      await store.recordLoadError(location.name, location.error);
      continue;
    }
    const { definitions } = location;
    const { changed } = await store.publish({
      location: location.name,
      snapshotId: definitions.snapshotId,
      snapshot: definitions.snapshot as unknown as Record<string, unknown>,
      instigators: instigatorsOf(definitions),
    });
    options.logger.info({ location: location.name, snapshotId: definitions.snapshotId, changed }, 'code location loaded');
    if (changed) options.bus.publish(subjects.definitionsUpdated(), { location: location.name, snapshotId: definitions.snapshotId });
  }
  return loaded;
}
