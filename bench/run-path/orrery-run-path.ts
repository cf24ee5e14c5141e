// Orrery's run path end to end, from a client's side: POST /runs → the run's RUN_START and
// RUN_SUCCESS messages on NATS (`<prefix>.run.<runId>.events`), through the built api,
// run-launcher and executor (bench/run-path/orrery-stack.ts) on a throwaway database.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import pg from 'pg';
import { percentile } from '../lib/measure.js';
import { RssSampler, type RssSummary } from '../lib/rss.js';
import { printProfileSummary, summarizeProfile } from './cpu-profile.js';
import { SERVICE_NAMES, startOrreryStack, type OrreryStack, type OrreryStackOptions, type ServiceName } from './orrery-stack.js';

const NOOP_LOCATION = join(import.meta.dirname, 'noop-location.ts');
const JOB = 'noop_job';

/** Options of {@link measureOrreryRunPath}. */
export interface OrreryRunPathOptions {
  databaseUrl: string;
  natsUrl: string;
  /** Untimed sequential runs first. */
  warmupRuns: number;
  /** Sequential runs timed POST → RUN_START / RUN_SUCCESS. */
  latencyRuns: number;
  /** Length of the throughput phase, in s. */
  throughputSeconds: number;
  /** Seconds at the start of the throughput phase left out of the steady state. */
  rampSeconds: number;
  /** Concurrent HTTP clients; each submits a run and waits for its RUN_SUCCESS (closed loop). */
  clients: number;
  /** `run_coordinator.max_concurrent_runs`. */
  maxConcurrentRuns: number;
  /** `run_coordinator.dequeue_interval_ms`. */
  dequeueIntervalMs: number;
  /** EXECUTOR_MAX_CONCURRENT_RUNS of the executor. */
  executorConcurrency: number;
}

/** Latency figures in ms. */
export interface Latency { p50: number; p99: number; samples: number }

/** Medians (ms) of the gaps between a run's stored status events, and client-side gaps. */
export type Breakdown = Record<string, number>;

/** What {@link measureOrreryRunPath} measured. */
export interface OrreryRunPathFigures {
  toStart: Latency;
  toSuccess: Latency;
  /** POST /runs until its 201 arrived. */
  httpResponse: Latency;
  latencyBreakdown: Breakdown;
  /** Median RUN_SUCCESS per second over the steady state. */
  perSecondMedian: number;
  /** RUN_SUCCESS in the steady state divided by its length. */
  perSecondMean: number;
  steadySeconds: number;
  steadyRuns: number;
  failedRuns: number;
  /** Runs whose end did not arrive on NATS within 30 s: their status in Postgres after the phase → count. */
  lost: Record<string, number>;
  /** POST /runs refused during the throughput phase, by HTTP status. */
  refused: Record<number, number>;
  perSecondSeries: number[];
  throughputBreakdown: Breakdown;
  rssIdle: Record<ServiceName, RssSummary>;
  rssLoad: Record<ServiceName, RssSummary>;
  config: string;
}

interface Arrival { start?: number; success?: number; failure?: number; successWall?: number }

/** Follows every run event of the prefix; resolves waiters by run id and event type. */
class RunEventWatcher {
  readonly arrivals = new Map<string, Arrival>();
  private readonly waiters = new Map<string, () => void>();
  /** performance.now() of every RUN_SUCCESS while counting. */
  successTimes: number[] | undefined;

  private constructor(private readonly connection: NatsConnection) {}

  static async open(natsUrl: string, prefix: string): Promise<RunEventWatcher> {
    const connection = await connect({ servers: natsUrl, timeout: 5_000 });
    const watcher = new RunEventWatcher(connection);
    connection.subscribe(`${prefix}.run.*.events`, {
      callback: (error, message) => {
        if (error) return;
        const now = performance.now();
        const { type, runId } = message.json<{ type: string; runId: string }>();
        const arrival = watcher.arrivals.get(runId) ?? {};
        if (type === 'RUN_START') arrival.start ??= now;
        else if (type === 'RUN_SUCCESS') {
          arrival.success ??= now;
          arrival.successWall ??= Date.now();
          watcher.successTimes?.push(now);
        } else if (type === 'RUN_FAILURE' || type === 'RUN_CANCELED') arrival.failure ??= now;
        else return;
        watcher.arrivals.set(runId, arrival);
        watcher.waiters.get(runId)?.();
      },
    });
    // The subscription must be registered on the server before the first POST.
    await connection.flush();
    return watcher;
  }

  /** Resolves once the run has ended (RUN_SUCCESS, or RUN_FAILURE / RUN_CANCELED: rejects). */
  async ended(runId: string, timeoutMs = 60_000): Promise<Arrival> {
    const done = (arrival: Arrival | undefined) => arrival?.success !== undefined || arrival?.failure !== undefined;
    if (!done(this.arrivals.get(runId))) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          this.waiters.delete(runId);
          reject(new Error(`run ${runId}: no RUN_SUCCESS within ${timeoutMs} ms`));
        }, timeoutMs);
        this.waiters.set(runId, () => {
          if (!done(this.arrivals.get(runId))) return;
          clearTimeout(timer);
          this.waiters.delete(runId);
          resolve();
        });
      });
    }
    return this.arrivals.get(runId)!;
  }

  async close(): Promise<void> {
    await this.connection.drain();
  }
}

/** POST /runs answered anything but 201 with a run. */
class SubmitError extends Error {
  override readonly name = 'SubmitError';
  constructor(readonly status: number, body: unknown) {
    super(`POST /runs answered ${status}: ${JSON.stringify(body)}`);
  }
}

async function submitRun(apiBase: string): Promise<string> {
  const response = await fetch(`${apiBase}/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ job: JOB }) });
  const body = (await response.json()) as { runId?: string };
  if (response.status !== 201 || typeof body.runId !== 'string') throw new SubmitError(response.status, body);
  return body.runId;
}

const sortedAscending = (values: number[]) => [...values].sort((a, b) => a - b);
const median = (values: number[]) => (values.length === 0 ? Number.NaN : percentile(sortedAscending(values), 0.5));
const latencyOf = (values: number[]): Latency => {
  const sorted = sortedAscending(values);
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), samples: sorted.length };
};

interface ClientSide { postedWall: number; successWall?: number }

/**
 * Medians of the gaps between each run's stored events (ms precision; each timestamp is taken
 * by the service when it decides to write, before its transaction; RUN_SUCCESS is the
 * engine's), plus the client's side: its `Date.now()` before `fetch` → RUN_ENQUEUED, and
 * RUN_SUCCESS → its NATS arrival.
 */
async function breakdownOf(databaseUrl: string, runs: ReadonlyMap<string, ClientSide>): Promise<Breakdown> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ run_id: string; event_type: string; at: Date }>(
      `SELECT run_id, event_type::text AS event_type, min(timestamp) AS at FROM event_logs
        WHERE run_id = ANY($1::uuid[]) AND event_type::text = ANY($2::text[]) GROUP BY run_id, event_type`,
      [[...runs.keys()], ['RUN_ENQUEUED', 'RUN_STARTING', 'RUN_START', 'STEP_START', 'STEP_SUCCESS', 'RUN_SUCCESS']],
    );
    const byRun = new Map<string, Record<string, number>>();
    for (const row of rows) {
      const events = byRun.get(row.run_id) ?? {};
      events[row.event_type] = row.at.getTime();
      byRun.set(row.run_id, events);
    }
    const gaps: Record<string, number[]> = {};
    const add = (name: string, value: number | undefined) => {
      if (value === undefined || Number.isNaN(value)) return;
      (gaps[name] ??= []).push(value);
    };
    for (const [runId, e] of byRun) {
      const side = runs.get(runId)!;
      add('client fetch → RUN_ENQUEUED (api)', e.RUN_ENQUEUED! - side.postedWall);
      add('RUN_ENQUEUED → RUN_STARTING (api → run-launcher queue pass)', e.RUN_STARTING! - e.RUN_ENQUEUED!);
      add('RUN_STARTING → RUN_START (launch → executor claim)', e.RUN_START! - e.RUN_STARTING!);
      add('RUN_START → STEP_START (executor: plan, resources)', e.STEP_START! - e.RUN_START!);
      add('STEP_START → STEP_SUCCESS (the no-op step)', e.STEP_SUCCESS! - e.STEP_START!);
      add('STEP_SUCCESS → RUN_SUCCESS (executor: flush, end of attempt)', e.RUN_SUCCESS! - e.STEP_SUCCESS!);
      add('RUN_START → RUN_SUCCESS (executor work, total)', e.RUN_SUCCESS! - e.RUN_START!);
      if (side.successWall !== undefined) add('RUN_SUCCESS (engine timestamp) → client got it on NATS (executor: flush step events, write run end, publish)', side.successWall - e.RUN_SUCCESS!);
      add('client fetch → RUN_SUCCESS (engine timestamp)', e.RUN_SUCCESS! - side.postedWall);
    }
    return Object.fromEntries(Object.entries(gaps).map(([name, values]) => [name, median(values)]));
  } finally {
    await client.end();
  }
}

/** How many of `runIds` are in each status now. */
async function statusesOf(databaseUrl: string, runIds: readonly string[]): Promise<Record<string, number>> {
  if (runIds.length === 0) return {};
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ status: string; n: string }>('SELECT status::text AS status, count(*) AS n FROM runs WHERE run_id = ANY($1::uuid[]) GROUP BY status', [[...runIds]]);
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
  } finally {
    await client.end();
  }
}

function sampleRss(stack: OrreryStack): Map<ServiceName, RssSampler> {
  const samplers = new Map<ServiceName, RssSampler>();
  for (const [name, service] of stack.services) {
    const sampler = new RssSampler(service.pid);
    sampler.start();
    samplers.set(name, sampler);
  }
  return samplers;
}

const stopRss = (samplers: Map<ServiceName, RssSampler>) =>
  Object.fromEntries([...samplers].map(([name, sampler]) => [name, sampler.stop()])) as Record<ServiceName, RssSummary>;

/** Closed loop: `clients` clients each submit a run and wait for its end, until `seconds` pass. */
async function throughputPhase(stack: OrreryStack, watcher: RunEventWatcher, clients: number, seconds: number) {
  const runs = new Map<string, ClientSide>();
  let failed = 0;
  // Refused submissions (e.g. 500s) are counted, not fatal: under load they are a finding.
  const refused = new Map<number, number>();
  const lost: string[] = [];
  watcher.successTimes = [];
  const began = performance.now();
  const deadline = began + seconds * 1000;
  const hrBegan = Number(process.hrtime.bigint() / 1000n);
  await Promise.all(Array.from({ length: clients }, async () => {
    while (performance.now() < deadline) {
      const side: ClientSide = { postedWall: Date.now() };
      let runId: string;
      try {
        runId = await submitRun(stack.apiBase);
      } catch (error) {
        if (!(error instanceof SubmitError)) throw error;
        refused.set(error.status, (refused.get(error.status) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      runs.set(runId, side);
      let arrival: Arrival;
      try {
        arrival = await watcher.ended(runId, 30_000);
      } catch {
        // No end on NATS within 30 s: counted, and its status read from Postgres afterwards.
        lost.push(runId);
        continue;
      }
      if (arrival.failure !== undefined) failed += 1;
      if (arrival.successWall !== undefined) side.successWall = arrival.successWall;
    }
  }));
  const hrEnded = Number(process.hrtime.bigint() / 1000n);
  const successTimes = watcher.successTimes;
  watcher.successTimes = undefined;
  return { runs, failed, refused, lost, began, successTimes, hrWindow: [hrBegan, hrEnded] as const };
}

function configText(options: OrreryRunPathOptions): string {
  return [
    'run_coordinator:',
    `  max_concurrent_runs: ${options.maxConcurrentRuns}`,
    `  dequeue_interval_ms: ${options.dequeueIntervalMs}`,
    '',
  ].join('\n');
}

async function deleteStreams(natsUrl: string, prefix: string): Promise<void> {
  const connection = await connect({ servers: natsUrl, timeout: 5_000 });
  try {
    const manager = await jetstreamManager(connection);
    const names: string[] = [];
    for await (const stream of manager.streams.list()) if (stream.config.name.startsWith(`${prefix.toUpperCase()}_`)) names.push(stream.config.name);
    for (const name of names) await manager.streams.delete(name);
  } finally {
    await connection.close();
  }
}

function stackOptions(options: OrreryRunPathOptions, prefix: string): OrreryStackOptions {
  return {
    databaseUrl: options.databaseUrl,
    natsUrl: options.natsUrl,
    prefix,
    locations: { bench: NOOP_LOCATION },
    config: configText(options),
    env: { executor: { EXECUTOR_MAX_CONCURRENT_RUNS: String(options.executorConcurrency) } },
  };
}

/**
 * Starts the stack, samples idle RSS, times sequential runs, then runs the closed-loop
 * throughput phase sampling RSS.
 */
export async function measureOrreryRunPath(options: OrreryRunPathOptions): Promise<OrreryRunPathFigures> {
  const prefix = `bench${randomBytes(4).toString('hex')}`;
  const stack = await startOrreryStack(stackOptions(options, prefix));
  let watcher: RunEventWatcher | undefined;
  try {
    console.error(`orrery stack up (${stack.dir}); sampling idle RSS`);
    const idle = sampleRss(stack);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const rssIdle = stopRss(idle);
    watcher = await RunEventWatcher.open(options.natsUrl, prefix);

    const toStart: number[] = [];
    const toSuccess: number[] = [];
    const httpResponse: number[] = [];
    const latencyRuns = new Map<string, ClientSide>();
    for (let i = 0; i < options.warmupRuns + options.latencyRuns; i++) {
      const postedWall = Date.now();
      const posted = performance.now();
      const runId = await submitRun(stack.apiBase);
      const answered = performance.now();
      const arrival = await watcher.ended(runId);
      if (arrival.failure !== undefined || arrival.start === undefined || arrival.success === undefined) throw new Error(`run ${runId} did not succeed (or its RUN_START never arrived)`);
      if (i < options.warmupRuns) continue;
      httpResponse.push(answered - posted);
      toStart.push(arrival.start - posted);
      toSuccess.push(arrival.success - posted);
      latencyRuns.set(runId, { postedWall, ...(arrival.successWall !== undefined && { successWall: arrival.successWall }) });
    }
    console.error(`latency phase done (${options.latencyRuns} runs); throughput for ${options.throughputSeconds} s with ${options.clients} clients`);
    const latencyBreakdown = await breakdownOf(options.databaseUrl, latencyRuns);

    const load = sampleRss(stack);
    const phase = await throughputPhase(stack, watcher, options.clients, options.throughputSeconds);
    const rssLoad = stopRss(load);
    const buckets = new Array<number>(options.throughputSeconds).fill(0);
    for (const time of phase.successTimes) {
      const second = Math.floor((time - phase.began) / 1000);
      if (second < buckets.length) buckets[second]! += 1;
    }
    const steady = buckets.slice(options.rampSeconds);
    const steadyRuns = steady.reduce((sum, n) => sum + n, 0);
    const throughputBreakdown = await breakdownOf(options.databaseUrl, phase.runs);
    const lost = await statusesOf(options.databaseUrl, phase.lost);
    const figures: OrreryRunPathFigures = {
      toStart: latencyOf(toStart),
      toSuccess: latencyOf(toSuccess),
      httpResponse: latencyOf(httpResponse),
      latencyBreakdown,
      perSecondMedian: median(steady),
      perSecondMean: steadyRuns / steady.length,
      steadySeconds: steady.length,
      steadyRuns,
      failedRuns: phase.failed,
      refused: Object.fromEntries(phase.refused),
      lost,
      perSecondSeries: buckets,
      throughputBreakdown,
      rssIdle,
      rssLoad,
      config: `${configText(options).trim().replace(/\n\s*/g, ' ')}; EXECUTOR_MAX_CONCURRENT_RUNS ${options.executorConcurrency}; LOG_LEVEL info`,
    };
    return figures;
  } finally {
    await watcher?.close();
    await stack.stop();
    await deleteStreams(options.natsUrl, prefix);
  }
}

/**
 * The same stack under `--cpu-prof` (a stack of its own, so the profiler never slows the
 * measured figures): warm-up runs, `seconds` of closed-loop throughput, and per service a
 * summary of the self time sampled inside that window.
 */
export async function profileOrreryRunPath(options: OrreryRunPathOptions, seconds: number): Promise<void> {
  const prefix = `bench${randomBytes(4).toString('hex')}`;
  const profileDir = join(tmpdir(), `orrery-bench-cpuprof-${randomBytes(4).toString('hex')}`);
  let window: readonly [number, number] = [0, 0];
  let runs = 0;
  try {
    const stack = await startOrreryStack({ ...stackOptions(options, prefix), cpuProfileDir: profileDir });
    try {
      const watcher = await RunEventWatcher.open(options.natsUrl, prefix);
      try {
        for (let i = 0; i < options.warmupRuns; i++) await watcher.ended(await submitRun(stack.apiBase));
        const phase = await throughputPhase(stack, watcher, options.clients, seconds);
        window = phase.hrWindow;
        runs = phase.successTimes.length;
        if (phase.refused.size > 0) console.log(`(profiled run: POST /runs refused ${JSON.stringify(Object.fromEntries(phase.refused))} by status)`);
      } finally {
        await watcher.close();
      }
    } finally {
      // The profiles are written when the services exit.
      await stack.stop();
    }
  } finally {
    await deleteStreams(options.natsUrl, prefix);
  }
  console.log(`\n### CPU profiles (--cpu-prof, ${profileDir}): ${seconds} s of throughput, ${runs} runs (${(runs / seconds).toFixed(0)}/s under the profiler), self time inside that window`);
  for (const name of SERVICE_NAMES) {
    try {
      printProfileSummary(name, summarizeProfile(join(profileDir, `${name}.cpuprofile`), window[0], window[1]));
    } catch (error) {
      console.log(`\n#### ${name}: no profile (${(error as Error).message})`);
    }
  }
}
