import { createServer, type Server } from 'node:http';
import type { Logger } from 'pino';

/** A readiness check: resolves true when the dependency answers. Must not hang. */
export type ReadinessCheck = () => Promise<boolean>;

/** Options of {@link HealthServer}. */
export interface HealthServerOptions {
  /** Port to listen on; 0 picks a free one (see `port` after `start()`). */
  port: number;
  /** Interface to bind; default `0.0.0.0` (probes come from outside the container). */
  host?: string;
  /** Named checks for `/readyz`, e.g. `{ postgres, nats }`. */
  checks: Record<string, ReadinessCheck>;
  /** Readiness is red while this returns true (e.g. during shutdown). */
  isDraining?: () => boolean;
  /** Per-check time limit in ms; a check that takes longer counts as failed. Default 2000. */
  checkTimeoutMs?: number;
  logger: Logger;
}

/**
 * `/healthz` answers 200 while the process runs; `/readyz` answers 200 only when every
 * check passes, else 503 with which failed. Used by daemons (the api serves the same
 * routes from fastify).
 */
export class HealthServer {
  private server: Server | undefined;
  private boundPort = 0;

  constructor(private readonly options: HealthServerOptions) {}

  get port(): number {
    return this.boundPort;
  }

  async start(): Promise<void> {
    const server = createServer((request, response) => {
      const path = (request.url ?? '/').split('?')[0];
      if (path === '/healthz') {
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
        return;
      }
      if (path === '/readyz') {
        void evaluateReadiness(this.options).then(({ ready, checks }) => {
          response
            .writeHead(ready ? 200 : 503, { 'content-type': 'application/json' })
            .end(JSON.stringify({ status: ready ? 'ready' : 'not ready', checks }));
        });
        return;
      }
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host ?? '0.0.0.0', () => resolve());
    });
    const address = server.address();
    this.boundPort = typeof address === 'object' && address ? address.port : this.options.port;
    this.options.logger.info({ port: this.boundPort }, 'health server listening');
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Runs every check with a time limit; shared by the daemons' server and the api's routes. */
export async function evaluateReadiness(options: {
  checks: Record<string, ReadinessCheck>;
  isDraining?: () => boolean;
  checkTimeoutMs?: number;
}): Promise<{ ready: boolean; checks: Record<string, 'ok' | 'failing'> }> {
  const timeoutMs = options.checkTimeoutMs ?? 2000;
  const entries = await Promise.all(
    Object.entries(options.checks).map(async ([name, check]) => {
      const passed = await withTimeout(check(), timeoutMs).catch(() => false);
      return [name, passed ? 'ok' : 'failing'] as const;
    }),
  );
  const checks = Object.fromEntries(entries);
  const draining = options.isDraining?.() ?? false;
  return { ready: !draining && entries.every(([, state]) => state === 'ok'), checks };
}

async function withTimeout(check: Promise<boolean>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([check, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
