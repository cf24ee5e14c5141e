import { z } from 'zod';
import { envVarList, integer, text } from './fields.js';

const natsLauncherSchema = z
  .strictObject({
    type: z.literal('nats').describe('Launcher type: NATS work queue (the default launcher).'),
    ack_wait_ms: integer({ min: 1 })
      .default(30_000)
      .describe('How long an executor may hold a launch message before NATS redelivers it, in milliseconds. Default: 30000.'),
  })
  .describe('Publish launches to the ORRERY_LAUNCH work queue; long-running executors take them.');

const processLauncherSchema = z
  .strictObject({
    type: z.literal('process').describe('Launcher type: one child process per run.'),
    executor_command: z
      .array(text())
      .min(1, { error: 'must list the command and its arguments' })
      .optional()
      .describe('Command (argv) that starts an executor for one run; the run id is appended. Default: unset, the run-launcher\'s bundled executor.'),
    env_vars: envVarList()
      .default([])
      .describe('Variables for the child process, NAME (copied) or NAME=value. Default: none beyond the launcher\'s environment.'),
  })
  .describe('Start one executor process per run on the run-launcher\'s host.');

const resourceQuantitiesSchema = z.strictObject({
  cpu: z.union([z.string(), z.number()]).transform(String).optional().describe('CPU quantity, e.g. "500m" or 2.'),
  memory: z.string().optional().describe('Memory quantity, e.g. "512Mi".'),
});

const kubernetesLauncherSchema = z
  .strictObject({
    type: z.literal('kubernetes').describe('Launcher type: one Kubernetes Job per run.'),
    namespace: text().default('default').describe('Namespace of the run Jobs. Default: "default".'),
    image: text().optional().describe('Container image of the run Jobs. Default: unset, the code location\'s image.'),
    image_pull_policy: z
      .enum(['Always', 'IfNotPresent', 'Never'])
      .optional()
      .describe('imagePullPolicy of the run container. Default: unset (Kubernetes\' default).'),
    service_account: text().optional().describe('serviceAccountName of the run pods. Default: unset (the namespace\'s default).'),
    env_vars: envVarList()
      .default([])
      .describe('Variables for the run container, NAME (copied from the launcher) or NAME=value. Default: none.'),
    job_ttl_seconds: integer({ min: 0 })
      .default(86_400)
      .describe('ttlSecondsAfterFinished of the run Jobs, in seconds. Default: 86400 (one day).'),
    resources: z
      .strictObject({
        requests: resourceQuantitiesSchema.optional().describe('Resource requests.'),
        limits: resourceQuantitiesSchema.optional().describe('Resource limits.'),
      })
      .optional()
      .describe('Resource requests and limits of the run container. Default: unset.'),
  })
  .describe('Run each run as a Kubernetes Job.');

/** `run_launcher:` — where a dequeued run starts, chosen by `type`. */
export const runLauncherConfigSchema = z
  .discriminatedUnion('type', [natsLauncherSchema, processLauncherSchema, kubernetesLauncherSchema])
  .describe('How a dequeued run is started: type nats (default), process or kubernetes.');
