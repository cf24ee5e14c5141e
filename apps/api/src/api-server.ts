import type { FastifyInstance } from 'fastify';
import type { HostedService, ServiceContext } from '@orrery/platform';
import { buildApp } from './app.js';
import type { ApiEnv } from './env.js';

/** The api as a hosted service: listens on start, stops taking requests on stop. */
export class ApiServer implements HostedService {
  private readonly app: FastifyInstance;

  constructor(private readonly context: ServiceContext<ApiEnv>) {
    this.app = buildApp({ logger: context.logger, readiness: context.readiness, prisma: context.prisma, bus: context.bus });
  }

  async start(): Promise<void> {
    const { PORT, HOST } = this.context.env;
    await this.app.listen({ port: PORT, host: HOST });
    this.context.logger.info({ port: PORT, host: HOST }, 'api listening');
  }

  /** fastify's close stops accepting connections and waits for in-flight requests. */
  async stop(): Promise<void> {
    await this.app.close();
  }
}
