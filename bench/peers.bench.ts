// Run path side by side (issue 4): peers on the same Postgres, each in its own throwaway
// database, doing the equivalent no-op job — enqueue → handler start latency (sequential
// jobs) and end-to-end throughput (concurrent producers, one job per enqueue). Orrery's own
// run path (POST /runs → RUN_START / RUN_SUCCESS, 1-step runs per second) joins this table
// as further JobQueue-like measurements producing RunPathResult rows once the services run.
import type { ResultRow } from './lib/measure.js';
import { withThrowawayDatabase } from './lib/throwaway-database.js';
import { GraphileWorkerQueue } from './run-path/graphile-worker-queue.js';
import { measureQueue, type JobQueue } from './run-path/job-queue.js';
import { PgBossQueue } from './run-path/pg-boss-queue.js';
import { printRunPathTable, type RunPathResult } from './run-path/result.js';

const THROUGHPUT_JOBS = 20_000;
const PRODUCERS = 10;

async function measurePeer(makeQueue: (url: string) => JobQueue, latencyJobs: number): Promise<RunPathResult> {
  return await withThrowawayDatabase({}, async (database) => {
    const queue = makeQueue(database.url);
    const figures = await measureQueue(queue, { latencyJobs, warmupJobs: 20, throughputJobs: THROUGHPUT_JOBS, producers: PRODUCERS });
    return { name: queue.name, settings: `${queue.settings}; ${PRODUCERS} concurrent producers`, latencySamples: latencyJobs, throughputJobs: THROUGHPUT_JOBS, ...figures };
  });
}

export async function run(): Promise<ResultRow[]> {
  const results: RunPathResult[] = [];
  results.push(await measurePeer((url) => new GraphileWorkerQueue(url, 10), 1000));
  // 200 sequential jobs, not 1,000: with a 0.5 s poll each waits ~0.25 s on average.
  results.push(await measurePeer((url) => new PgBossQueue(url, { workers: 10, batchSize: 50, pollingIntervalSeconds: 0.5 }), 200));
  printRunPathTable(results);
  return [];
}
