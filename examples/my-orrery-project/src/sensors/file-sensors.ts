// A sensor over the landing directory: each new CSV file becomes one run of data_pipeline
// that loads it. The cursor remembers how far the directory has been read; run keys make
// a file launch at most one run even if a tick is evaluated twice.
import { SensorResult, sensor, skip } from '@orrery/sdk';
import { dataPipeline } from '../jobs/data-pipeline.js';
import { landingZone, type LandingFile } from '../resources/landing-zone.js';

/**
 * The cursor: the newest modification time seen and the names seen at exactly that time.
 * A file written in the same millisecond as the last one seen, but listed after the tick,
 * is still new — a bare timestamp cursor would miss it.
 */
export interface LandingCursor {
  readonly mtimeMs: number;
  readonly names: readonly string[];
}

/** Reads a cursor written by {@link encodeLandingCursor}; `undefined` (first tick) and junk read as "nothing seen". */
export function decodeLandingCursor(cursor: string | undefined): LandingCursor {
  if (cursor === undefined) return { mtimeMs: -1, names: [] };
  try {
    const parsed = JSON.parse(cursor) as Partial<LandingCursor>;
    if (typeof parsed.mtimeMs === 'number' && Array.isArray(parsed.names)) return { mtimeMs: parsed.mtimeMs, names: parsed.names.filter((n) => typeof n === 'string') };
  } catch {
    // fall through: a cursor from an older version of this sensor
  }
  return { mtimeMs: -1, names: [] };
}

/** The cursor's stored form. */
export function encodeLandingCursor(cursor: LandingCursor): string {
  return JSON.stringify({ mtimeMs: cursor.mtimeMs, names: [...cursor.names].sort() });
}

/** The files not seen by `cursor`, oldest first, and the cursor after them. */
export function newLandingFiles(files: readonly LandingFile[], cursor: LandingCursor): { files: LandingFile[]; cursor: LandingCursor } {
  const seenAtMark = new Set(cursor.names);
  const fresh = files
    .filter((file) => file.mtimeMs > cursor.mtimeMs || (file.mtimeMs === cursor.mtimeMs && !seenAtMark.has(file.name)))
    .sort((a, b) => a.mtimeMs - b.mtimeMs || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (fresh.length === 0) return { files: [], cursor };
  const mtimeMs = fresh.at(-1)!.mtimeMs;
  const names = files.filter((file) => file.mtimeMs === mtimeMs).map((file) => file.name);
  return { files: fresh, cursor: { mtimeMs, names: mtimeMs === cursor.mtimeMs ? [...new Set([...cursor.names, ...names])] : names } };
}

/** Every 30 s, requests one data_pipeline run per new landing file. */
export const landingFileSensor = sensor(
  {
    name: 'landing_file_sensor',
    job: dataPipeline,
    minimumIntervalSeconds: 30,
    description: 'Loads each new CSV file of the landing directory into the warehouse',
    tags: { trigger: 'landing_file' },
    resources: { landing: landingZone },
  },
  async (context) => {
    const { files, cursor } = newLandingFiles(await context.resources.landing.listFiles(), decodeLandingCursor(context.cursor));
    if (files.length === 0) return skip('no new file in the landing directory');
    context.log.info('new landing files', { files: files.map((file) => file.name) });
    return SensorResult({
      cursor: encodeLandingCursor(cursor),
      runRequests: files.map((file) => ({
        // Name and modification time: a file replaced by a newer version is loaded again.
        runKey: `${file.name}:${file.mtimeMs}`,
        runConfig: { ops: { extract_orders: { config: { source: 'file', file: file.name } } } },
        tags: { landing_file: file.name },
      })),
    });
  },
);
