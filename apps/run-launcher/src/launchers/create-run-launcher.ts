import { fileURLToPath } from 'node:url';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Bus } from '@orrery/bus';
import type { RunLauncherConfig } from '@orrery/contracts';
import { ConfigError, type Logger } from '@orrery/platform';
import type { Clock } from '../clock.js';
import { resolveEnvVars } from './launcher-env.js';
import { NatsRunLauncher } from './nats-run-launcher.js';
import { ProcessRunLauncher } from './process-run-launcher.js';
import type { RunLauncher } from './run-launcher.js';

/** Options of {@link createRunLauncher}. */
export interface CreateRunLauncherOptions {
  /** The parsed `run_launcher` section. */
  config: RunLauncherConfig;
  bus: Pick<Bus, 'publishLaunch'>;
  clock: Clock;
  logger: Logger;
  /** The launcher's environment: inherited by process children, copied by bare `env_vars` names. */
  launcherEnv: Readonly<Record<string, string | undefined>>;
  /** The config file's name for error messages. Default `orrery.yaml`. */
  configPath?: string;
  /** Kubernetes credentials. Default: kubeconfig (`KUBECONFIG`, `~/.kube/config`) or in-cluster. */
  loadKubeConfig?: () => KubeConfig | Promise<KubeConfig>;
}

/**
 * The executor of this checkout, for `type: process` without `executor_command`: the node
 * running the launcher and `apps/executor/dist/main.js`, found relative to this file (two
 * levels under apps/run-launcher in both src/ and dist/).
 */
export function defaultExecutorCommand(): string[] {
  return [process.execPath, fileURLToPath(new URL('../../../executor/dist/main.js', import.meta.url))];
}

/**
 * The {@link RunLauncher} that `run_launcher.type` names. Throws ConfigError for
 * `env_vars` entries that cannot be resolved (so nothing starts with a launcher that
 * would fail every run). The Kubernetes client is loaded only for `type: kubernetes`:
 * importing it costs about a second of CPU at start-up.
 */
export async function createRunLauncher(options: CreateRunLauncherOptions): Promise<RunLauncher> {
  const { config } = options;
  switch (config.type) {
    case 'nats':
      return new NatsRunLauncher(options.bus, options.clock);
    case 'process': {
      const { env, problems } = resolveEnvVars(config.envVars, options.launcherEnv);
      if (problems.length > 0) throw new ConfigError({ path: options.configPath ?? 'orrery.yaml', problems });
      return new ProcessRunLauncher({
        command: config.executorCommand ?? defaultExecutorCommand(),
        env: { ...options.launcherEnv, ...env },
        logger: options.logger,
      });
    }
    case 'kubernetes': {
      const { KubernetesRunLauncher } = await import('./kubernetes-run-launcher.js');
      const kubeConfig = await (options.loadKubeConfig ?? loadDefaultKubeConfig)();
      return new KubernetesRunLauncher({ config, kubeConfig, launcherEnv: options.launcherEnv });
    }
    default: {
      const exhausted: never = config;
      throw new Error(`unknown run launcher ${JSON.stringify(exhausted)}`);
    }
  }
}

async function loadDefaultKubeConfig(): Promise<KubeConfig> {
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromDefault();
  return kubeConfig;
}
