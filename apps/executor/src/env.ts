import { z } from 'zod';
import { daemonEnvSchema, durationMs, integer } from '@orrery/platform';

/**
 * Environment of the executor service: the variables every service reads (see
 * `serviceEnvSchema` in @orrery/platform and docs/operations.md) and its own.
 */
export const envSchema = daemonEnvSchema(8084).extend({
  /** Path of workspace.yaml: the code locations this executor hosts. */
  ORRERY_WORKSPACE: z.string().min(1).default('workspace.yaml'),
  /**
   * How often the executor bumps `runs.heartbeat_time` of the runs it executes. Default:
   * `run_monitoring.heartbeat_interval_seconds` of orrery.yaml (30 s); set it for sub-second beats.
   */
  RUN_HEARTBEAT_INTERVAL_MS: durationMs().optional(),
  /** Runs this replica executes at once per location; more launches wait in the queue. */
  EXECUTOR_MAX_CONCURRENT_RUNS: integer({ min: 1 }).default(64),
  /** One-run mode (process and kubernetes launchers): the run to execute, then exit. */
  ORRERY_RUN_ID: z.uuid().optional(),
  /** One-run mode: the attempt to claim (fencing). */
  ORRERY_RUN_ATTEMPT: integer({ min: 1 }).optional(),
});

export type ExecutorEnv = z.output<typeof envSchema>;

/** What the executor's own code reads (one-run mode serves no health port). */
export type ExecutorServiceEnv = Omit<ExecutorEnv, 'HEALTH_PORT'>;
