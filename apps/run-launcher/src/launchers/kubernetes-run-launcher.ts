import { ApiException, BatchV1Api, type KubeConfig, type V1Job } from '@kubernetes/client-node';
import {
  buildRunJobManifest, RunJobManifestError, type KubernetesRunLauncherConfig,
} from '../kubernetes/index.js';
import { LaunchRefusedError, type LaunchableRun, type RunLauncher } from './run-launcher.js';

/** The executor's entrypoint inside the Orrery image (the Dockerfile's executor CMD). */
export const DEFAULT_KUBERNETES_EXECUTOR_COMMAND: readonly string[] = ['node', 'apps/executor/dist/main.js'];

/** Options of {@link KubernetesRunLauncher}. */
export interface KubernetesRunLauncherOptions {
  /** The parsed `run_launcher` section (`type: kubernetes`). */
  config: KubernetesRunLauncherConfig;
  /** Where the API server is and how to authenticate; main.ts loads the default (kubeconfig or in-cluster). */
  kubeConfig: KubeConfig;
  /** Entrypoint of the run container. Default {@link DEFAULT_KUBERNETES_EXECUTOR_COMMAND}. */
  command?: readonly string[];
  /** The launcher's environment, for bare `NAME` entries of `env_vars`. */
  launcherEnv: Readonly<Record<string, string | undefined>>;
}

/**
 * One Kubernetes Job per run attempt (Dagster's K8sRunLauncher), built by
 * {@link buildRunJobManifest} and created through the API server. The Job's name is derived
 * from the run id and attempt, so a repeated launch meets 409 AlreadyExists and counts as
 * done. A Job the builder or the API server rejects as invalid (400, 422) refuses the run;
 * any other failure (network, 5xx, 403 while RBAC is being fixed) is retried.
 */
export class KubernetesRunLauncher implements RunLauncher {
  readonly #api: BatchV1Api;
  readonly #command: readonly string[];

  constructor(private readonly options: KubernetesRunLauncherOptions) {
    this.#api = options.kubeConfig.makeApiClient(BatchV1Api);
    this.#command = options.command ?? DEFAULT_KUBERNETES_EXECUTOR_COMMAND;
  }

  async launch(run: LaunchableRun, attempt: number): Promise<void> {
    let manifest;
    try {
      manifest = buildRunJobManifest({
        run: { ...run, attempt },
        config: this.options.config,
        command: this.#command,
        args: [run.runId],
        launcherEnv: this.options.launcherEnv,
      });
    } catch (error) {
      if (error instanceof RunJobManifestError) throw new LaunchRefusedError(run.runId, error.message, { cause: error });
      throw error;
    }
    try {
      await this.#api.createNamespacedJob({ namespace: manifest.metadata.namespace, body: manifest as V1Job });
    } catch (error) {
      if (error instanceof ApiException) {
        if (error.code === 409) return;
        if (error.code === 400 || error.code === 422) {
          throw new LaunchRefusedError(run.runId, `the Kubernetes API rejected Job ${manifest.metadata.name} (${error.code})`, { cause: error });
        }
      }
      throw error;
    }
  }
}
