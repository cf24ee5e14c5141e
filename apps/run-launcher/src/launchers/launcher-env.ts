import { RUN_ATTEMPT_ENV, RUN_ID_ENV } from '../kubernetes/index.js';

/** A problem with one `run_launcher.env_vars` entry, found when the launcher is built. */
export interface EnvVarProblem {
  /** e.g. `run_launcher.env_vars[2]`. */
  keyPath: string;
  message: string;
}

/**
 * The variables `run_launcher.env_vars` adds to a run's environment: `NAME=value` sets it,
 * a bare `NAME` copies it from the launcher's environment (as Dagster does). The run's own
 * `ORRERY_RUN_ID` and `ORRERY_RUN_ATTEMPT` may not be set this way. Returns the variables,
 * or every problem found.
 */
export function resolveEnvVars(
  entries: readonly string[],
  launcherEnv: Readonly<Record<string, string | undefined>>,
): { env: Record<string, string>; problems: EnvVarProblem[] } {
  const env: Record<string, string> = {};
  const problems: EnvVarProblem[] = [];
  entries.forEach((entry, index) => {
    const keyPath = `run_launcher.env_vars[${index}]`;
    const equals = entry.indexOf('=');
    const name = equals === -1 ? entry : entry.slice(0, equals);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      problems.push({ keyPath, message: `must be NAME or NAME=value (got "${entry}")` });
    } else if (name === RUN_ID_ENV || name === RUN_ATTEMPT_ENV) {
      problems.push({ keyPath, message: `may not set ${name}: the launcher sets it for each run` });
    } else if (Object.hasOwn(env, name)) {
      problems.push({ keyPath, message: `sets ${name} a second time` });
    } else {
      const value = equals === -1 ? launcherEnv[name] : entry.slice(equals + 1);
      if (value === undefined) problems.push({ keyPath, message: `copies ${name}, which is not set in the run-launcher's environment` });
      else env[name] = value;
    }
  });
  return { env, problems };
}
