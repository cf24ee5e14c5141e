import { readFile } from 'node:fs/promises';
import { ConfigError } from './config-error.js';

/** The file's text, or `undefined` when it does not exist; any other failure is a ConfigError. */
export async function readConfigFile(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError({ path, reason: `cannot be read (${(error as Error).message})`, cause: error });
  }
}
