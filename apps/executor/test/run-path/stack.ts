// The whole run path as real processes (kept with the executor's tests, the service at the
// end of the path): the built api, run-launcher and executor against a
// test database and NATS, driven over HTTP the way users drive it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RunStatus } from '@orrery/core';
import { createPrismaClient, type PrismaClient } from '@orrery/db';
import { freePort, spawnService, waitForHttpStatus, type SpawnedService, type TestDatabase } from '@orrery/testing';

export const repositoryRoot = resolve(import.meta.dirname, '..', '..', '..', '..');
/** The executor's test location (hello_job, flaky_job, slow_job, daily_job, pooled_job). */
export const fixtureLocation = join(repositoryRoot, 'apps', 'executor', 'test', 'fixtures', 'test-location.ts');
export const exampleLocation = join(repositoryRoot, 'examples', 'my-orrery-project', 'src', 'definitions.ts');

/** Options of {@link startStack}. */
export interface StackOptions {
  database: TestDatabase;
  natsUrl: string;
  prefix: string;
  /** Location name → module path. */
  locations: Record<string, string>;
  /** Extra orrery.yaml text (run_coordinator, run_monitoring, …). */
  config?: string;
  /** Extra environment of every service. */
  env?: Record<string, string>;
}

type ServiceName = 'api' | 'run-launcher' | 'executor';

/** A running stack; services can be killed and started again. */
export interface Stack {
  readonly dir: string;
  readonly apiBase: string;
  readonly prisma: PrismaClient;
  service(name: ServiceName): SpawnedService;
  start(name: ServiceName): Promise<SpawnedService>;
  kill(name: ServiceName): Promise<void>;
  stop(): Promise<void>;
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'orrery-stack-'));
  const config = join(dir, 'orrery.yaml');
  writeFileSync(config, `bus:\n  prefix: ${options.prefix}\ncompute_logs:\n  type: local\n  base_dir: ${join(dir, 'compute-logs')}\n${options.config ?? ''}`);
  const workspace = join(dir, 'workspace.yaml');
  const entries = Object.entries(options.locations).map(([name, file]) => `  - module: ${file}\n    location_name: ${name}\n`);
  writeFileSync(workspace, `load_from:\n${entries.join('')}`);
  const apiPort = await freePort();
  const common = {
    DATABASE_URL: options.database.url,
    NATS_URL: options.natsUrl,
    ORRERY_CONFIG: config,
    LOG_LEVEL: 'info',
    ORRERY_TEST_MARK_DIR: join(dir, 'marks'),
    ...options.env,
  };
  const services = new Map<ServiceName, SpawnedService>();
  const prisma = createPrismaClient({ url: options.database.url, poolSize: 4 });

  const start = async (name: ServiceName): Promise<SpawnedService> => {
    const env: Record<string, string> = name === 'api'
      ? { ...common, PORT: String(apiPort), HOST: '127.0.0.1' }
      : { ...common, HEALTH_PORT: String(await freePort()), ...(name === 'executor' ? { ORRERY_WORKSPACE: workspace, RUN_HEARTBEAT_INTERVAL_MS: '250' } : {}) };
    const service = spawnService(name, env);
    services.set(name, service);
    if (name === 'api') await waitForHttpStatus(`http://127.0.0.1:${apiPort}/readyz`, (status) => status === 200, 60_000);
    else await service.waitForOutput(new RegExp(`${name} started`), 30_000);
    return service;
  };

  try {
    await start('executor');
    await start('run-launcher');
    await start('api');
  } catch (error) {
    // A service that never came up must not leave the others running after the test file.
    await Promise.all([...services.values()].map((service) => service.stop('SIGKILL')));
    await prisma.$disconnect();
    throw error;
  }
  return {
    dir,
    apiBase: `http://127.0.0.1:${apiPort}`,
    prisma,
    service: (name) => services.get(name)!,
    start,
    kill: async (name) => {
      await services.get(name)?.stop('SIGKILL');
    },
    stop: async () => {
      await Promise.all([...services.values()].map((service) => service.stop('SIGTERM')));
      await prisma.$disconnect();
    },
  };
}

/** A run as the api returns it. */
export interface ApiRun {
  runId: string;
  status: RunStatus;
  jobName: string;
  [key: string]: unknown;
}

/** POST /runs; throws with the body unless 201 (or 200 for a deduplicated run key). */
export async function submitRun(stack: Stack, body: Record<string, unknown>): Promise<ApiRun> {
  const response = await fetch(`${stack.apiBase}/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await response.json()) as ApiRun;
  if (response.status !== 201 && response.status !== 200) {
    const apiLog = stack.service('api').output().split('\n').filter((line) => line.includes('"level":50')).slice(-3).join('\n');
    throw new Error(`POST /runs answered ${response.status}: ${JSON.stringify(json)}\napi errors:\n${apiLog}`);
  }
  return json;
}

/** Polls the run's row until it is in one of `statuses`. */
export async function waitForRun(stack: Stack, runId: string, statuses: readonly RunStatus[], timeoutMs = 20_000): Promise<{ status: RunStatus; failureReason: string | null; startTime: Date | null; endTime: Date | null }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await stack.prisma.run.findUnique({ where: { runId }, select: { status: true, failureReason: true, startTime: true, endTime: true } });
    if (run && statuses.includes(run.status)) return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} did not reach ${statuses.join('|')} within ${timeoutMs} ms (last: ${run?.status})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Submits `batches` batches of `size` concurrent runs of `body`, one batch after the other,
 * and returns their ids (the caller kills or restarts parts of the stack between calls).
 */
export async function submitBurst(stack: Stack, body: Record<string, unknown>, batches: number, size = 20): Promise<string[]> {
  const runIds: string[] = [];
  for (let batch = 0; batch < batches; batch += 1) {
    const runs = await Promise.all(Array.from({ length: size }, () => submitRun(stack, body)));
    runIds.push(...runs.map((run) => run.runId));
  }
  return runIds;
}

/**
 * Waits until every run is finished (or `timeoutMs` passes) and returns how many runs ended
 * in each status, unfinished ones under their current status: `{ SUCCESS: 200 }` when all
 * succeeded.
 */
export async function finalStatusCounts(stack: Stack, runIds: readonly string[], timeoutMs = 120_000): Promise<Record<string, number>> {
  const deadline = Date.now() + timeoutMs;
  let statuses = await statusesOf(stack, runIds);
  while ([...statuses.values()].some((status) => !FINISHED.includes(status)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    statuses = await statusesOf(stack, runIds);
  }
  const counts: Record<string, number> = {};
  for (const status of statuses.values()) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

/** Statuses of runs by id. */
async function statusesOf(stack: Stack, runIds: readonly string[]): Promise<Map<string, RunStatus>> {
  const rows = await stack.prisma.run.findMany({ where: { runId: { in: [...runIds] } }, select: { runId: true, status: true } });
  return new Map(rows.map((row) => [row.runId, row.status]));
}

/** A run's event types in storage order. */
export async function eventTypesOf(stack: Stack, runId: string): Promise<{ type: string; stepKey: string | null }[]> {
  const rows = await stack.prisma.eventLog.findMany({ where: { runId }, orderBy: { id: 'asc' }, select: { eventType: true, stepKey: true } });
  return rows.map((row) => ({ type: row.eventType, stepKey: row.stepKey }));
}

export const FINISHED: readonly RunStatus[] = ['SUCCESS', 'FAILURE', 'CANCELED'];
