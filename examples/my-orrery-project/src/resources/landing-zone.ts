// The landing directory where partners drop order exports (CSV). The landing sensor
// watches it; the data_pipeline job's extract op reads the files it names.
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { resource } from '@orrery/sdk';
import { z } from 'zod';

/** A file waiting in the landing directory. */
export interface LandingFile {
  /** File name, no directory. */
  readonly name: string;
  readonly size: number;
  /** Modification time, ms since the epoch (integer). */
  readonly mtimeMs: number;
}

/** A landing file name: no directory parts, a `.csv` extension. */
export const LANDING_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.csv$/;

/** A directory of landing files. */
export class LandingZone {
  constructor(readonly dir: string) {}

  /** The `.csv` files, by name; empty when the directory does not exist yet. */
  async listFiles(): Promise<LandingFile[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const files: LandingFile[] = [];
    for (const name of names.filter((candidate) => LANDING_FILE_NAME.test(candidate)).sort()) {
      const info = await stat(join(this.dir, name));
      if (info.isFile()) files.push({ name, size: info.size, mtimeMs: Math.trunc(info.mtimeMs) });
    }
    return files;
  }

  /** The text of a landing file. Names are checked, so run config cannot point outside the directory. */
  async readText(name: string): Promise<string> {
    if (!LANDING_FILE_NAME.test(name)) throw new RangeError(`invalid landing file name ${JSON.stringify(name)}`);
    return await readFile(join(this.dir, name), 'utf8');
  }
}

/** The landing zone resource (key `landing`). */
export const landingZone = resource({
  description: 'The local directory where order exports land',
  config: z.object({ dir: z.string().min(1) }),
  setup: (config) => new LandingZone(config.dir),
});
