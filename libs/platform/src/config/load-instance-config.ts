import { instanceConfigSchema, type InstanceConfig } from '@orrery/contracts';
import type { EnvSource } from '../env/env-source.js';
import { ConfigError } from './config-error.js';
import { parseConfigText } from './parse-config-text.js';
import { readConfigFile } from './read-config-file.js';

/** Where `orrery.yaml` is looked for when no path is given: the working directory. */
export const DEFAULT_INSTANCE_CONFIG_PATH = 'orrery.yaml';

/** Options of {@link loadInstanceConfig}. */
export interface LoadInstanceConfigOptions {
  /** The instance config file. Default: {@link DEFAULT_INSTANCE_CONFIG_PATH}. */
  readonly path?: string;
  /** Values for `${VAR}` references (apps pass `process.env`). */
  readonly env: EnvSource;
  /** A missing file is an error rather than "all defaults". Default: false. */
  readonly requireFile?: boolean;
}

/** Options of {@link parseInstanceConfig}. */
export interface ParseInstanceConfigOptions {
  /** Names the file in errors. Default: {@link DEFAULT_INSTANCE_CONFIG_PATH}. */
  readonly path?: string;
  /** Values for `${VAR}` references. */
  readonly env: EnvSource;
}

/**
 * Reads, interpolates and validates `orrery.yaml`, filling every default. A missing file
 * gives the defaults unless `requireFile`.
 * @throws ConfigError listing every problem, or when a required file is missing.
 */
export async function loadInstanceConfig(options: LoadInstanceConfigOptions): Promise<InstanceConfig> {
  const path = options.path ?? DEFAULT_INSTANCE_CONFIG_PATH;
  const text = await readConfigFile(path);
  if (text === undefined) {
    if (options.requireFile === true) throw new ConfigError({ path, reason: 'does not exist' });
    return parseInstanceConfig('', { path, env: options.env });
  }
  return parseInstanceConfig(text, { path, env: options.env });
}

/**
 * Interpolates and validates the text of an `orrery.yaml`, filling every default.
 * @throws ConfigError listing every problem.
 */
export function parseInstanceConfig(text: string, options: ParseInstanceConfigOptions): InstanceConfig {
  return parseConfigText(instanceConfigSchema, text, { path: options.path ?? DEFAULT_INSTANCE_CONFIG_PATH, env: options.env });
}
