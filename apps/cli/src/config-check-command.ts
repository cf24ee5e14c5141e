import { ConfigError, loadInstanceConfig, loadWorkspaceConfig } from '@orrery/platform';

/** Options of `orrery config check`. */
export interface ConfigCheckOptions {
  instancePath: string;
  workspacePath: string;
  env: Record<string, string | undefined>;
  /** Whether the instance file must exist (true when the user named it). */
  requireInstanceFile: boolean;
}

/**
 * Validates orrery.yaml and workspace.yaml and returns the report lines and exit code:
 * 0 when both are valid, 78 (EX_CONFIG) when either is not. Every problem of both files is
 * reported, not only the first.
 */
export async function checkConfigFiles(options: ConfigCheckOptions): Promise<{ exitCode: number; lines: string[] }> {
  const lines: string[] = [];
  let failed = false;
  try {
    const config = await loadInstanceConfig({ path: options.instancePath, env: options.env, requireFile: options.requireInstanceFile });
    lines.push(`${options.instancePath}: valid (run launcher: ${config.runLauncher.type}, max concurrent runs: ${config.runCoordinator.maxConcurrentRuns})`);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    failed = true;
    lines.push(error.message);
  }
  try {
    const workspace = await loadWorkspaceConfig({ path: options.workspacePath, env: options.env });
    const names = workspace.loadFrom.map((location) => location.locationName).join(', ');
    lines.push(`${options.workspacePath}: valid (code locations: ${names})`);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    failed = true;
    lines.push(error.message);
  }
  return { exitCode: failed ? 78 : 0, lines };
}
