export {
  buildRunJobManifest,
  RUN_ATTEMPT_ENV,
  RUN_ID_ENV,
  type EnvVar,
  type KubernetesRunLauncherConfig,
  type RunContainer,
  type RunJobManifest,
  type RunJobManifestInput,
  type RunJobManifestRun,
  type RunJobMetadata,
} from './run-job-manifest.js';
export { RunJobManifestError } from './run-job-manifest-error.js';
export { isDnsLabel, isDnsSubdomain, isLabelValue, runJobName, toLabelValue } from './kubernetes-names.js';
export type { ResourceQuantities, ResourceRequirements } from './resource-quantities.js';
