// The peers alone (graphile-worker, pg-boss): enqueue → handler start latency (sequential
// jobs) and end-to-end throughput (concurrent producers, one job per enqueue). The table with
// Orrery's run path beside them is `run-path` (bench/run-path.bench.ts).
import type { ResultRow } from './lib/measure.js';
import { measurePeers } from './run-path/peers.js';
import { printRunPathTable } from './run-path/result.js';

export async function run(): Promise<ResultRow[]> {
  printRunPathTable(await measurePeers());
  return [];
}
