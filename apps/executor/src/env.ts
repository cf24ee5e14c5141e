import { daemonEnvSchema } from '@orrery/platform';

/**
 * Environment of the executor service: the variables every service reads (see
 * `serviceEnvSchema` in @orrery/platform and docs/operations.md) and its health port.
 */
export const envSchema = daemonEnvSchema(8084);
