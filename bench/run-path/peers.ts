// The peers of the run-path table: graphile-worker and pg-boss, each in its own throwaway
// database on the same Postgres, doing the equivalent no-op job.
import { withThrowawayDatabase } from '../lib/throwaway-database.js';
import { GraphileWorkerQueue } from './graphile-worker-queue.js';
import { measureQueue, type JobQueue } from './job-queue.js';
import { PgBossQueue } from './pg-boss-queue.js';
import type { RunPathResult } from './result.js';

const THROUGHPUT_JOBS = 20_000;
const PRODUCERS = 10;

async function measurePeer(makeQueue: (url: string) => JobQueue, latencyJobs: number): Promise<RunPathResult> {
  return await withThrowawayDatabase({}, async (database) => {
    const queue = makeQueue(database.url);
    const figures = await measureQueue(queue, { latencyJobs, warmupJobs: 20, throughputJobs: THROUGHPUT_JOBS, producers: PRODUCERS });
    return { name: queue.name, settings: `${queue.settings}; ${PRODUCERS} concurrent producers`, latencySamples: latencyJobs, throughputJobs: THROUGHPUT_JOBS, ...figures };
  });
}

/** graphile-worker (LISTEN/NOTIFY, concurrency 10), then pg-boss (10 polling workers). */
export async function measurePeers(): Promise<RunPathResult[]> {
  const results: RunPathResult[] = [];
  results.push(await measurePeer((url) => new GraphileWorkerQueue(url, 10), 1000));
  // 200 sequential jobs, not 1,000: with a 0.5 s poll each waits ~0.25 s on average.
  results.push(await measurePeer((url) => new PgBossQueue(url, { workers: 10, batchSize: 50, pollingIntervalSeconds: 0.5 }), 200));
  return results;
}
