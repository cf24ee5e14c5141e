import type { z } from 'zod';
import { daemonEnvSchema, durationMs } from '@orrery/platform';

/**
 * Environment of the run-launcher service: the variables every service reads (see
 * `serviceEnvSchema` in @orrery/platform and docs/operations.md), its health port, and
 * the timings below.
 */
export const envSchema = daemonEnvSchema(8083).extend({
  /** A STARTING run that no executor claimed this long after its launch is launched again. */
  RELAUNCH_DELAY_MS: durationMs().default(5_000),
  /** How often failed runs are checked for a retry (when `run_retries.enabled`). */
  RUN_RETRY_INTERVAL_MS: durationMs().default(5_000),
});

export type RunLauncherEnv = z.output<typeof envSchema>;
