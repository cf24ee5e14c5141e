import { daemonEnvSchema } from '@orrery/platform';

/**
 * Environment of the sensor service: the variables every service reads (see
 * `serviceEnvSchema` in @orrery/platform and docs/operations.md) and its health port.
 */
export const envSchema = daemonEnvSchema(8082);
