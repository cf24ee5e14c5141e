// Starting the built executor against a test database and NATS prefix, and driving runs
// through it the way the run-launcher does: QUEUED → STARTING (new attempt) → launch message.
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connectBus, type Bus } from '@orrery/bus';
import type { RunRecord, RunStatus } from '@orrery/core';
import { createPrismaClient, PrismaRunStore, type PrismaClient } from '@orrery/db';
import { freePort, spawnService, type SpawnedService, type TestDatabase, type TestNats } from '@orrery/testing';

export const fixtures = resolve(import.meta.dirname, '..', 'fixtures');

/** A fresh directory holding workspace.yaml, orrery.yaml and the marks of fixture steps. */
export function testWorkspace(prefix: string, locations: Record<string, string>, extraConfig = ''): { dir: string; workspace: string; config: string; marks: string; computeLogs: string } {
  const dir = mkdtempSync(join(tmpdir(), 'orrery-executor-'));
  const workspace = join(dir, 'workspace.yaml');
  const entries = Object.entries(locations).map(([name, file]) => `  - module: ${join(fixtures, file)}\n    location_name: ${name}\n`);
  writeFileSync(workspace, `load_from:\n${entries.join('')}`);
  const config = join(dir, 'orrery.yaml');
  writeFileSync(config, `bus:\n  prefix: ${prefix}\ncompute_logs:\n  type: local\n  base_dir: ${join(dir, 'compute-logs')}\n${extraConfig}`);
  return { dir, workspace, config, marks: join(dir, 'marks'), computeLogs: join(dir, 'compute-logs') };
}

/** The built executor (apps/executor/dist/main.js) as a real process. */
export async function startExecutor(options: { database: TestDatabase; nats: TestNats; workspace: ReturnType<typeof testWorkspace>; env?: Record<string, string> }): Promise<SpawnedService> {
  const { database, nats, workspace } = options;
  const executor = spawnService('executor', {
    DATABASE_URL: database.url,
    NATS_URL: nats.url,
    ORRERY_CONFIG: workspace.config,
    ORRERY_WORKSPACE: workspace.workspace,
    ORRERY_TEST_MARK_DIR: workspace.marks,
    HEALTH_PORT: String(await freePort()),
    RUN_HEARTBEAT_INTERVAL_MS: '200',
    LOG_LEVEL: 'info',
    ...options.env,
  });
  try {
    await executor.waitForOutput(/executor started/, 60_000);
  } catch (error) {
    await executor.stop('SIGKILL');
    throw error;
  }
  return executor;
}

/** The marks fixture steps wrote for a run, in order. */
export function marksOf(workspace: { marks: string }, runId: string): string[] {
  const file = join(workspace.marks, `${runId}.marks`);
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : [];
}

/** A test's handles on Postgres and NATS. */
export interface Instance {
  prisma: PrismaClient;
  runs: PrismaRunStore;
  bus: Bus;
  close(): Promise<void>;
}

export async function connectInstance(database: TestDatabase, nats: TestNats): Promise<Instance> {
  const prisma = createPrismaClient({ url: database.url, poolSize: 4 });
  const bus = await connectBus({ servers: nats.url, name: `executor-test-${nats.prefix}`, prefix: nats.prefix });
  return {
    prisma, bus, runs: new PrismaRunStore(prisma),
    close: async () => {
      await bus.drain();
      await prisma.$disconnect();
    },
  };
}

/** Creates a run and moves it to STARTING at a new attempt, as the run-launcher does. */
export async function startingRun(instance: Instance, run: { location: string; jobName: string; partitionKey?: string; tags?: Record<string, string> }): Promise<RunRecord> {
  const created = await instance.runs.createRun(
    { jobName: run.jobName, locationName: run.location, partitionKey: run.partitionKey ?? null, tags: run.tags ?? {} },
    { type: 'RUN_ENQUEUED', message: 'test' },
  );
  const starting = await instance.runs.transitionStatus({ runId: created.runId, from: 'QUEUED', to: 'STARTING', incrementAttempt: true });
  if (!starting.applied || !starting.run) throw new Error('could not move the test run to STARTING');
  return starting.run;
}

/** Publishes the launch of the run's current attempt. */
export async function launch(instance: Instance, run: RunRecord): Promise<void> {
  await instance.bus.publishLaunch({ runId: run.runId, attempt: run.attempt, location: run.locationName!, jobName: run.jobName, launchedAt: new Date().toISOString() });
}

/** Polls until the run is in one of `statuses`; throws with the last status after `timeoutMs`. */
export async function waitForStatus(instance: Instance, runId: string, statuses: readonly RunStatus[], timeoutMs = 15_000): Promise<RunRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await instance.runs.getRun(runId);
    if (run && statuses.includes(run.status)) return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} did not reach ${statuses.join('|')} within ${timeoutMs} ms (last: ${run?.status})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The types of a run's stored events, in storage order. */
export async function eventTypes(instance: Instance, runId: string): Promise<string[]> {
  const rows = await instance.prisma.eventLog.findMany({ where: { runId }, orderBy: { id: 'asc' }, select: { eventType: true, stepKey: true } });
  return rows.map((row) => row.eventType);
}
