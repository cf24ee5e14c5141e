// Run path side by side (issue 4), in one run: Orrery's built api, run-launcher and executor
// (POST /runs → RUN_START / RUN_SUCCESS on NATS for a 1-step no-op run; closed-loop
// throughput; RSS of each service; the gaps between each run's stored status events; with
// a missed goal, CPU profiles of the services), then the peers graphile-worker and pg-boss
// on the same Postgres. Needs `npm run build` (the services run from apps/*/dist), Postgres
// and NATS. Shorter runs for a try: BENCH_RUN_PATH_SECONDS, BENCH_RUN_PATH_LATENCY_RUNS,
// BENCH_RUN_PATH_PROFILE_SECONDS (0: never profile), BENCH_RUN_PATH_PEERS=0 (no peers).
import type { ResultRow } from './lib/measure.js';
import { mib } from './lib/rss.js';
import { withThrowawayDatabase } from './lib/throwaway-database.js';
import { measureOrreryRunPath, profileOrreryRunPath, type Breakdown, type OrreryRunPathFigures } from './run-path/orrery-run-path.js';
import { SERVICE_NAMES } from './run-path/orrery-stack.js';
import { measurePeers } from './run-path/peers.js';
import { printRunPathTable, type RunPathResult } from './run-path/result.js';

const NATS_URL = process.env.BENCH_NATS_URL ?? 'nats://127.0.0.1:4222';
const number = (name: string, fallback: number) => (process.env[name] === undefined ? fallback : Number(process.env[name]));

const GOAL = { p50Ms: 15, p99Ms: 50, perSecond: 500 };

function printBreakdown(title: string, breakdown: Breakdown): void {
  console.log(`\n${title}\n\n| gap | median |\n|---|---|`);
  for (const [gap, ms] of Object.entries(breakdown)) console.log(`| ${gap} | ${ms.toFixed(1)} ms |`);
}

function printOrreryDetails(figures: OrreryRunPathFigures): void {
  const met = (ok: boolean) => (ok ? 'yes' : '**no**');
  console.log('\n| goal | measured | met |\n|---|---|---|');
  for (const [what, latency] of [['RUN_START', figures.toStart], ['RUN_SUCCESS', figures.toSuccess]] as const) {
    console.log(`| POST /runs → ${what} p50 ≤ ${GOAL.p50Ms} ms, p99 ≤ ${GOAL.p99Ms} ms | p50 ${latency.p50.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms (${latency.samples} runs) | ${met(latency.p50 <= GOAL.p50Ms && latency.p99 <= GOAL.p99Ms)} |`);
  }
  console.log(`| 1-step runs ≥ ${GOAL.perSecond}/s | ${figures.perSecondMedian.toFixed(0)}/s median per second (${figures.perSecondMean.toFixed(1)}/s mean; ${figures.steadyRuns} runs in ${figures.steadySeconds} s steady state; ${figures.failedRuns} failed) | ${met(figures.perSecondMedian >= GOAL.perSecond)} |`);
  const refused = Object.entries(figures.refused).map(([status, n]) => `${n} × ${status}`).join(', ');
  const lost = Object.entries(figures.lost).map(([status, n]) => `${n} now ${status}`).join(', ');
  console.log(`\nThroughput phase: POST /runs refused ${refused === '' ? 'never' : refused}; runs with no end on NATS within 30 s: ${lost === '' ? 'none' : lost}.`);
  console.log(`POST /runs answered (201) in p50 ${figures.httpResponse.p50.toFixed(1)} ms, p99 ${figures.httpResponse.p99.toFixed(1)} ms.`);
  console.log(`RUN_SUCCESS per second, whole throughput phase: ${figures.perSecondSeries.join(' ')}`);
  console.log(`Settings: ${figures.config}`);
  printBreakdown('Latency phase (sequential runs): medians of the gaps between stored events', figures.latencyBreakdown);
  printBreakdown('Throughput phase (concurrent clients): medians of the same gaps', figures.throughputBreakdown);
  console.log('\n| service | RSS idle (after start) | RSS under load: median | peak |\n|---|---|---|---|');
  for (const name of SERVICE_NAMES) {
    console.log(`| ${name} | ${mib(figures.rssIdle[name].median)} | ${mib(figures.rssLoad[name].median)} | ${mib(figures.rssLoad[name].max)} |`);
  }
}

export async function run(): Promise<ResultRow[]> {
  const throughputSeconds = number('BENCH_RUN_PATH_SECONDS', 60);
  const latencyRuns = number('BENCH_RUN_PATH_LATENCY_RUNS', 500);
  const clients = number('BENCH_RUN_PATH_CLIENTS', 200);
  const profileSeconds = number('BENCH_RUN_PATH_PROFILE_SECONDS', 20);
  const options = {
    natsUrl: NATS_URL, warmupRuns: 50, latencyRuns, throughputSeconds, rampSeconds: Math.min(5, Math.floor(throughputSeconds / 4)),
    clients, maxConcurrentRuns: 200, dequeueIntervalMs: 100, executorConcurrency: 200,
  };
  const figures = await withThrowawayDatabase({ migrated: true }, async (database) => {
    const measured = await measureOrreryRunPath({ ...options, databaseUrl: database.url });
    const missed = measured.toStart.p50 > GOAL.p50Ms || measured.toStart.p99 > GOAL.p99Ms || measured.toSuccess.p50 > GOAL.p50Ms ||
      measured.toSuccess.p99 > GOAL.p99Ms || measured.perSecondMedian < GOAL.perSecond;
    // Profiled in a second stack (same database) so the profiler never slows the figures above.
    if (missed && profileSeconds > 0) await profileOrreryRunPath({ ...options, databaseUrl: database.url, warmupRuns: 20 }, profileSeconds);
    return measured;
  });

  const settings = `1-step asset job (in-memory IO manager), nats launcher; ${figures.config}`;
  const results: RunPathResult[] = [
    { name: 'Orrery: POST /runs → RUN_START', p50Ms: figures.toStart.p50, p99Ms: figures.toStart.p99, latencySamples: figures.toStart.samples, perSecond: null, throughputJobs: 0, settings },
    {
      name: 'Orrery: POST /runs → RUN_SUCCESS', p50Ms: figures.toSuccess.p50, p99Ms: figures.toSuccess.p99, latencySamples: figures.toSuccess.samples,
      perSecond: figures.perSecondMedian, throughputJobs: figures.steadyRuns,
      settings: `${settings}; throughput: ${clients} closed-loop HTTP clients (each waits for its RUN_SUCCESS), median RUN_SUCCESS/s over ${figures.steadySeconds} s after ${options.rampSeconds} s ramp`,
    },
  ];
  if (process.env.BENCH_RUN_PATH_PEERS !== '0') results.push(...(await measurePeers()));
  console.log('');
  printRunPathTable(results);
  for (const peer of results.slice(2)) {
    const ratio = (a: number | null, b: number | null) => (a === null || b === null ? '—' : `${(a / b).toFixed(2)}×`);
    console.log(`Orrery / ${peer.name}: RUN_START p50 ${ratio(figures.toStart.p50, peer.p50Ms)}, p99 ${ratio(figures.toStart.p99, peer.p99Ms)}; throughput ${ratio(figures.perSecondMedian, peer.perSecond)}`);
  }
  printOrreryDetails(figures);
  return [];
}
