import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from '@orrery/platform';
import { errorHandler } from './error-handler.js';
import { healthRoutes, type Readiness } from './routes/health.js';

/** What the HTTP app needs from the process that hosts it. */
export interface AppDependencies {
  logger: Logger;
  /** Reports whether Postgres and NATS answer (and the service is not draining). */
  readiness: Readiness;
}

/** Builds the api's fastify app. Never listens: main.ts does, tests use `inject()`. */
export function buildApp(deps: AppDependencies): FastifyInstance {
  const app = Fastify({ loggerInstance: deps.logger });
  app.setErrorHandler(errorHandler);
  app.register(healthRoutes, { readiness: deps.readiness });
  return app as unknown as FastifyInstance;
}
