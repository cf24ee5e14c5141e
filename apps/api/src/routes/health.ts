import type { FastifyPluginAsync } from 'fastify';

/** Resolves readiness as computed by the service host (see @orrery/platform). */
export type Readiness = () => Promise<{ ready: boolean; checks: Record<string, 'ok' | 'failing'> }>;

/** `/healthz`: the process answers. `/readyz`: Postgres and NATS answer too. */
export const healthRoutes: FastifyPluginAsync<{ readiness: Readiness }> = async (app, { readiness }) => {
  // Probes arrive every few seconds from the orchestrator; logging each would drown the rest.
  app.get('/healthz', { logLevel: 'silent' }, async () => ({ status: 'ok' }));
  app.get('/readyz', { logLevel: 'silent' }, async (_request, reply) => {
    const { ready, checks } = await readiness();
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
  });
};
