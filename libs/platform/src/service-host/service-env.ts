import { z } from 'zod';
import { durationMs, logLevel, port, url } from '../env/index.js';

/**
 * Environment variables every service reads (each app's `src/env.ts` extends this).
 * Units are in the names. Defaults suit a developer machine; docker-compose sets the rest.
 */
export const serviceEnvSchema = z.object({
  /** Postgres of the instance (required). `storage.url` in orrery.yaml overrides it. */
  DATABASE_URL: url(['postgresql', 'postgres']),
  /** NATS with JetStream. `bus.url` in orrery.yaml overrides it. */
  NATS_URL: url(['nats', 'tls']).default('nats://127.0.0.1:4222'),
  /** Path of the instance config; a missing file at the default path means all defaults. */
  ORRERY_CONFIG: z.string().min(1).optional(),
  LOG_LEVEL: logLevel().default('info'),
  /** OTLP/HTTP endpoint for traces, e.g. http://otel-collector:4318; unset = export nothing. */
  OTEL_EXPORTER_OTLP_ENDPOINT: url(['http', 'https']).optional(),
  /** How often the replica refreshes its `daemon_heartbeats` row. */
  HEARTBEAT_INTERVAL_MS: durationMs().default(10_000),
  /** Time a shutdown may take before the process exits anyway (stay below the orchestrator's kill timeout). */
  SHUTDOWN_GRACE_MS: durationMs().default(4_000),
});

/** Adds the health port of daemons (the api serves health on its own port). */
export function daemonEnvSchema(defaultHealthPort: number) {
  return serviceEnvSchema.extend({
    /** Port of `/healthz` and `/readyz`. */
    HEALTH_PORT: port().default(defaultHealthPort),
  });
}

export type ServiceEnv = z.output<typeof serviceEnvSchema>;
