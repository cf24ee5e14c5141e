import { dirname, resolve } from 'node:path';
import { workspaceConfigSchema, type CodeLocationConfig, type WorkspaceConfig } from '@orrery/contracts';
import type { EnvSource } from '../env/env-source.js';
import { ConfigError } from './config-error.js';
import { parseConfigText } from './parse-config-text.js';
import { readConfigFile } from './read-config-file.js';

/** A code location with absolute paths: `module` and `workingDirectory` resolved against workspace.yaml's directory. */
export type ResolvedCodeLocationConfig = CodeLocationConfig & {
  /** Absolute; the directory holding workspace.yaml unless the file set one. */
  readonly workingDirectory: string;
};

/** `workspace.yaml` with absolute paths. */
export interface ResolvedWorkspaceConfig extends WorkspaceConfig {
  readonly loadFrom: readonly ResolvedCodeLocationConfig[];
}

/** Options of {@link loadWorkspaceConfig} and {@link parseWorkspaceConfig}. */
export interface LoadWorkspaceConfigOptions {
  /** The workspace file; relative paths inside it are relative to its directory (as in Dagster). */
  readonly path: string;
  /** Values for `${VAR}` references (apps pass `process.env`). */
  readonly env: EnvSource;
}

/**
 * Reads, interpolates and validates `workspace.yaml`; paths in the result are absolute.
 * @throws ConfigError when the file is missing or has any problem (all listed).
 */
export async function loadWorkspaceConfig(options: LoadWorkspaceConfigOptions): Promise<ResolvedWorkspaceConfig> {
  const text = await readConfigFile(options.path);
  if (text === undefined) throw new ConfigError({ path: options.path, reason: 'does not exist' });
  return parseWorkspaceConfig(text, options);
}

/**
 * Interpolates and validates the text of a `workspace.yaml` found at `options.path`.
 * @throws ConfigError listing every problem.
 */
export function parseWorkspaceConfig(text: string, options: LoadWorkspaceConfigOptions): ResolvedWorkspaceConfig {
  const config = parseConfigText(workspaceConfigSchema, text, options);
  const baseDir = dirname(resolve(options.path));
  return {
    loadFrom: config.loadFrom.map((location): ResolvedCodeLocationConfig => {
      const workingDirectory = resolve(baseDir, location.workingDirectory ?? '.');
      return location.kind === 'module'
        ? { ...location, module: resolve(baseDir, location.module), workingDirectory }
        : { ...location, workingDirectory };
    }),
  };
}
