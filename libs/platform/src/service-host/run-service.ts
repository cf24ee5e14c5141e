import { randomUUID } from 'node:crypto';
import { connectBus, type Bus } from '@orrery/bus';
import type { InstanceConfig } from '@orrery/contracts';
import { checkDatabase, createPrismaClient, PrismaDaemonHeartbeatStore, type PrismaClient } from '@orrery/db';
import { loadInstanceConfig } from '../config/index.js';
import { createLogger, type Logger } from '../runtime/logger.js';
import { evaluateReadiness, HealthServer } from '../runtime/health-server.js';
import { ShutdownManager } from '../runtime/shutdown-manager.js';
import { startTelemetry } from '../runtime/telemetry.js';
import { startHeartbeat } from './heartbeat.js';
import type { ServiceEnv } from './service-env.js';

/** The five deployable services; the upper-case form is their `daemon_heartbeats` type. */
export type ServiceName = 'api' | 'scheduler' | 'sensor' | 'run-launcher' | 'executor';

/** Readiness of this replica: Postgres and NATS answer and it is not shutting down. */
export type ReadinessProbe = () => Promise<{ ready: boolean; checks: Record<string, 'ok' | 'failing'> }>;

/** What a hosted service is given. */
export interface ServiceContext<E extends ServiceEnv> {
  name: ServiceName;
  /** Random per process start; the `daemon_id` of its heartbeat row. */
  replicaId: string;
  env: E;
  config: InstanceConfig;
  logger: Logger;
  prisma: PrismaClient;
  bus: Bus;
  readiness: ReadinessProbe;
}

/** A service's own work (STYLE.md 1): `stop()` stops intake and lets in-flight work finish. */
export interface HostedService {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Options of {@link runService}. */
export interface ServiceDefinition<E extends ServiceEnv> {
  name: ServiceName;
  env: E & { HEALTH_PORT?: number };
  /** Builds the service's own work. Without it the host only heartbeats and serves health. */
  create?: (context: ServiceContext<E>) => HostedService | Promise<HostedService>;
  /** Environment for `${VAR}` references in orrery.yaml; main.ts passes process.env. */
  configEnv: Record<string, string | undefined>;
}

/** Time limit of one Postgres or NATS readiness probe. */
const CHECK_TIMEOUT_MS = 1500;

/**
 * The one way every service starts, reports health and shuts down: telemetry, logger,
 * instance config, Postgres, NATS, the health server (daemons), the heartbeat row, the
 * service itself, and a ShutdownManager that undoes them in reverse order on SIGTERM.
 * Postgres or NATS being down never kills the process: readiness turns red and the
 * clients reconnect by themselves.
 */
export async function runService<E extends ServiceEnv>(definition: ServiceDefinition<E>): Promise<ShutdownManager> {
  const { name, env } = definition;
  const telemetry = startTelemetry({ serviceName: `orrery-${name}`, otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT });
  const logger = createLogger({ service: name, level: env.LOG_LEVEL });
  const shutdown = new ShutdownManager({ logger, graceMs: env.SHUTDOWN_GRACE_MS }).listen();
  shutdown.add('telemetry', () => telemetry.shutdown());

  const config = await loadInstanceConfig({
    path: env.ORRERY_CONFIG,
    env: definition.configEnv,
    requireFile: env.ORRERY_CONFIG !== undefined,
  });
  const replicaId = randomUUID();

  const prisma = createPrismaClient({
    url: config.storage.url ?? env.DATABASE_URL,
    poolSize: config.storage.poolSize,
    onError: (error) => logger.warn({ err: error }, 'idle Postgres connection failed; the pool will reconnect'),
  });
  shutdown.add('postgres', () => prisma.$disconnect());

  // Assigned once NATS connects; the readiness check reports 'failing' until then.
  let bus: Bus | undefined = undefined;
  const checks = {
    postgres: () => checkDatabase(prisma, CHECK_TIMEOUT_MS),
    nats: async () => (bus ? bus.ping(CHECK_TIMEOUT_MS) : false),
  };
  const isDraining = () => shutdown.isShuttingDown;
  const readiness: ReadinessProbe = () => evaluateReadiness({ checks, isDraining });

  // Daemons serve health before NATS is connected, so /healthz answers during a long wait.
  if (env.HEALTH_PORT !== undefined) {
    const health = new HealthServer({ port: env.HEALTH_PORT, logger, checks, isDraining });
    await health.start();
    shutdown.add('health server', () => health.stop());
  }

  const connected = await connectBus({
    servers: config.bus.url ?? env.NATS_URL,
    name: `${name}@${replicaId.slice(0, 8)}`,
    prefix: config.bus.prefix,
    logger,
  });
  bus = connected;
  shutdown.add('nats', () => connected.drain());

  const heartbeats = new AbortController();
  const heartbeatLoop = startHeartbeat({
    store: new PrismaDaemonHeartbeatStore(prisma),
    daemonType: name.toUpperCase().replace('-', '_'),
    daemonId: replicaId,
    intervalMs: env.HEARTBEAT_INTERVAL_MS,
    logger,
    signal: heartbeats.signal,
  });
  shutdown.add('heartbeat', async () => {
    heartbeats.abort();
    await heartbeatLoop;
  });

  if (definition.create) {
    const service = await definition.create({ name, replicaId, env, config, logger, prisma, bus: connected, readiness });
    shutdown.add(name, () => service.stop());
    await service.start();
  }
  logger.info({ replicaId }, `${name} started`);
  return shutdown;
}
