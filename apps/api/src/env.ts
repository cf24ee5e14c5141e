import { port, serviceEnvSchema } from '@orrery/platform';
import { z } from 'zod';

/**
 * Environment of the api: the variables every service reads (see `serviceEnvSchema` in
 * @orrery/platform and docs/operations.md) and where the HTTP API listens. The api serves
 * `/healthz` and `/readyz` on the same port.
 */
export const envSchema = serviceEnvSchema.extend({
  /** HTTP port of the API. */
  PORT: port().default(3000),
  /** Interface to bind; 0.0.0.0 in containers. */
  HOST: z.string().min(1).default('0.0.0.0'),
});

export type ApiEnv = z.output<typeof envSchema>;
