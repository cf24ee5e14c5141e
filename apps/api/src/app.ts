import Fastify, { type FastifyInstance } from 'fastify';
import type { Bus } from '@orrery/bus';
import type { PrismaClient } from '@orrery/db';
import type { Logger } from '@orrery/platform';
import { errorHandler } from './error-handler.js';
import { healthRoutes, type Readiness } from './routes/health.js';
import { runRoutes } from './routes/runs.js';
import { createRunsContext } from './runs/runs-context.js';

/** What the HTTP app needs from the process that hosts it. */
export interface AppDependencies {
  logger: Logger;
  /** Reports whether Postgres and NATS answer (and the service is not draining). */
  readiness: Readiness;
  /** The instance; the app never disconnects it (its owner does). */
  prisma: PrismaClient;
  /** Wakes the run-launcher and carries cancel requests; the app never drains it. */
  bus: Bus;
  /** Current time. Default: the system clock. */
  clock?: () => Date;
}

/** Builds the api's fastify app. Never listens: main.ts does, tests use `inject()`. */
export function buildApp(deps: AppDependencies): FastifyInstance {
  const app = Fastify({ loggerInstance: deps.logger });
  app.setErrorHandler(errorHandler);
  app.register(healthRoutes, { readiness: deps.readiness });
  const runs = createRunsContext({ prisma: deps.prisma, bus: deps.bus, logger: deps.logger, clock: deps.clock ?? (() => new Date()) });
  app.register(runRoutes, { runs });
  return app as unknown as FastifyInstance;
}
