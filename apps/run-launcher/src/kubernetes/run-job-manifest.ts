import type { RunLauncherConfig } from '@orrery/contracts';
import { isDnsLabel, isDnsSubdomain, runJobName, toLabelValue } from './kubernetes-names.js';
import { toResourceRequirements, type ResourceRequirements } from './resource-quantities.js';
import { RunJobManifestError } from './run-job-manifest-error.js';

/** The parsed `run_launcher:` section when `type: kubernetes`. */
export type KubernetesRunLauncherConfig = Extract<RunLauncherConfig, { type: 'kubernetes' }>;

/** The run a Job is built for; a stored RunRecord fits as it is. */
export interface RunJobManifestRun {
  runId: string;
  /** The attempt being launched (the launch message's attempt); part of the Job's name. */
  attempt: number;
  jobName: string;
  /** The code location whose code the run executes; required on Kubernetes. */
  locationName: string | null;
  /** Run tags; the `orrery/…` system tags become Job annotations. */
  tags: Readonly<Record<string, string>>;
}

/** Input of {@link buildRunJobManifest}. */
export interface RunJobManifestInput {
  run: RunJobManifestRun;
  /** The parsed `run_launcher` config (`type: kubernetes`). */
  config: KubernetesRunLauncherConfig;
  /** The code location's image; used when `run_launcher.image` is unset. */
  image?: string;
  /** Entrypoint of the run container (argv[0] and on): the executor for this one run. */
  command: readonly string[];
  /** Arguments after `command`. Default: none. */
  args?: readonly string[];
  /**
   * The run-launcher's environment, for `env_vars` entries given as a bare `NAME` (copied,
   * as Dagster does). Default: empty, so a bare `NAME` is an error. The copied value is
   * written into the Job object in clear, readable by anyone who may read Jobs.
   */
  launcherEnv?: Readonly<Record<string, string | undefined>>;
}

/** One variable of the run container. */
export interface EnvVar {
  name: string;
  value: string;
}

/** The run's container. */
export interface RunContainer {
  name: string;
  image: string;
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  command: string[];
  args?: string[];
  env: EnvVar[];
  resources?: ResourceRequirements;
}

/** Labels and annotations of the Job and of its pods. */
export interface RunJobMetadata {
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** A `batch/v1` Job running one attempt of one run, as plain data (JSON-serialisable). */
export interface RunJobManifest {
  apiVersion: 'batch/v1';
  kind: 'Job';
  metadata: RunJobMetadata & { name: string; namespace: string };
  spec: {
    backoffLimit: 0;
    ttlSecondsAfterFinished: number;
    template: {
      metadata: RunJobMetadata;
      spec: {
        restartPolicy: 'Never';
        serviceAccountName?: string;
        containers: [RunContainer];
      };
    };
  };
}

/** The run container's variable holding the run id; `env_vars` may not redefine it. */
export const RUN_ID_ENV = 'ORRERY_RUN_ID';
/** The run container's variable holding the attempt (decimal); `env_vars` may not redefine it. */
export const RUN_ATTEMPT_ENV = 'ORRERY_RUN_ATTEMPT';

const CONTAINER_NAME = 'orrery';
const SYSTEM_TAG_PREFIX = 'orrery/';
/** The name part of an annotation key (after `orrery/`). */
const ANNOTATION_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/**
 * The Kubernetes Job that runs one attempt of one run (Dagster's K8sRunLauncher Job): one
 * pod, one container running `command`/`args` with `ORRERY_RUN_ID` and
 * `ORRERY_RUN_ATTEMPT` set, never restarted (`restartPolicy: Never`, `backoffLimit: 0`:
 * a failed attempt is a failed run, and Orrery's run retries decide what follows), deleted
 * `run_launcher.job_ttl_seconds` after it finishes. Pure: equal input gives equal output.
 *
 * @throws RunJobManifestError naming the field, when the input cannot make a valid Job:
 *   no image anywhere, an invalid namespace, service account, quantity, TTL, attempt, an
 *   empty command, an env var that is malformed, duplicated, reserved or not in `launcherEnv`.
 */
export function buildRunJobManifest(input: RunJobManifestInput): RunJobManifest {
  const { run, config } = input;
  const locationName = checkRun(run);
  if (!isDnsLabel(config.namespace)) {
    throw new RunJobManifestError('run_launcher.namespace', `must be a DNS-1123 label of at most 63 characters (got "${config.namespace}")`);
  }
  if (config.serviceAccount !== undefined && !isDnsSubdomain(config.serviceAccount)) {
    throw new RunJobManifestError('run_launcher.service_account', `must be a DNS-1123 subdomain (got "${config.serviceAccount}")`);
  }
  if (!Number.isSafeInteger(config.jobTtlSeconds) || config.jobTtlSeconds < 0) {
    throw new RunJobManifestError('run_launcher.job_ttl_seconds', `must be a non-negative integer (got ${config.jobTtlSeconds})`);
  }

  const metadata = runMetadata(run, locationName);
  const resources = toResourceRequirements(config.resources);
  const container: RunContainer = {
    name: CONTAINER_NAME,
    image: runImage(config, input.image),
    ...(config.imagePullPolicy === undefined ? {} : { imagePullPolicy: config.imagePullPolicy }),
    command: checkCommand(input.command),
    ...(input.args === undefined || input.args.length === 0 ? {} : { args: [...input.args] }),
    env: runEnv(run, config.envVars, input.launcherEnv ?? {}),
    ...(resources === undefined ? {} : { resources }),
  };

  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: runJobName(run.runId, run.attempt), namespace: config.namespace, ...copyMetadata(metadata) },
    spec: {
      backoffLimit: 0,
      ttlSecondsAfterFinished: config.jobTtlSeconds,
      template: {
        metadata: copyMetadata(metadata),
        spec: {
          restartPolicy: 'Never',
          ...(config.serviceAccount === undefined ? {} : { serviceAccountName: config.serviceAccount }),
          containers: [container],
        },
      },
    },
  };
}

/** Checks the run's identity; returns its location name. */
function checkRun(run: RunJobManifestRun): string {
  if (run.runId === '') throw new RunJobManifestError('run.runId', 'must not be empty');
  if (!Number.isSafeInteger(run.attempt) || run.attempt < 0) {
    throw new RunJobManifestError('run.attempt', `must be a non-negative integer (got ${run.attempt})`);
  }
  if (run.jobName === '') throw new RunJobManifestError('run.jobName', 'must not be empty');
  if (run.locationName === null || run.locationName === '') {
    throw new RunJobManifestError('run.locationName', 'must name the code location the run executes');
  }
  return run.locationName;
}

// Labels select (values shortened to the label syntax); annotations keep the exact values.
function runMetadata(run: RunJobManifestRun, locationName: string): RunJobMetadata {
  const identity: Record<string, string> = {
    'orrery/run-id': run.runId,
    'orrery/attempt': String(run.attempt),
    'orrery/job': run.jobName,
    'orrery/location': locationName,
  };
  const labels: Record<string, string> = {
    'app.kubernetes.io/name': 'orrery',
    'app.kubernetes.io/component': 'run-worker',
    'app.kubernetes.io/part-of': 'orrery',
  };
  for (const [key, value] of Object.entries(identity)) labels[key] = toLabelValue(value);
  // User tags are left out: their keys need not be valid annotation keys, and their values
  // may be large or private. Sorted, so that equal tags give the same serialised Job.
  const annotations: Record<string, string> = {};
  for (const key of Object.keys(run.tags).sort()) {
    const value = run.tags[key];
    if (value !== undefined && isSystemTagAnnotation(key)) annotations[key] = value;
  }
  // After the tags: a tag cannot pass itself off as the run's identity.
  Object.assign(annotations, identity);
  return { labels, annotations };
}

function isSystemTagAnnotation(key: string): boolean {
  if (!key.startsWith(SYSTEM_TAG_PREFIX)) return false;
  const name = key.slice(SYSTEM_TAG_PREFIX.length);
  return name.length <= 63 && ANNOTATION_NAME.test(name);
}

function copyMetadata(metadata: RunJobMetadata): RunJobMetadata {
  return { labels: { ...metadata.labels }, annotations: { ...metadata.annotations } };
}

// run_launcher.image is documented as the run Jobs' image, the location's image its default.
function runImage(config: KubernetesRunLauncherConfig, locationImage: string | undefined): string {
  const [field, image] = config.image === undefined ? ['image', locationImage] : ['run_launcher.image', config.image];
  if (image === undefined || image === '') {
    throw new RunJobManifestError('run_launcher.image', 'is not set and the code location gives no image: one of them must name the run image');
  }
  if (/\s/.test(image)) throw new RunJobManifestError(field, `must not contain whitespace (got "${image}")`);
  return image;
}

function checkCommand(command: readonly string[]): string[] {
  if (command.length === 0 || command[0] === '') {
    throw new RunJobManifestError('command', 'must name the executable that runs the executor for this run');
  }
  return [...command];
}

function runEnv(run: RunJobManifestRun, entries: readonly string[], launcherEnv: Readonly<Record<string, string | undefined>>): EnvVar[] {
  const env: EnvVar[] = [
    { name: RUN_ID_ENV, value: run.runId },
    { name: RUN_ATTEMPT_ENV, value: String(run.attempt) },
  ];
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const field = `run_launcher.env_vars[${index}]`;
    const equals = entry.indexOf('=');
    const name = equals === -1 ? entry : entry.slice(0, equals);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new RunJobManifestError(field, `must be NAME or NAME=value (got "${entry}")`);
    if (name === RUN_ID_ENV || name === RUN_ATTEMPT_ENV) throw new RunJobManifestError(field, `may not set ${name}: the launcher sets it for each run`);
    if (seen.has(name)) throw new RunJobManifestError(field, `sets ${name} a second time`);
    seen.add(name);
    const value = equals === -1 ? launcherEnv[name] : entry.slice(equals + 1);
    if (value === undefined) throw new RunJobManifestError(field, `copies ${name}, which is not set in the run-launcher's environment`);
    env.push({ name, value });
  });
  return env;
}
