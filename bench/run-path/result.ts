/**
 * One line of the run-path table: a system (a peer queue, or later an Orrery path such as
 * POST /runs → RUN_START) with its start latency and throughput. A figure not measured
 * for a system is null (printed as —), never a guess.
 */
export interface RunPathResult {
  /** System and version, e.g. "graphile-worker 0.17.3". */
  name: string;
  /** Median enqueue → handler start (or launch → event) latency, in ms. */
  p50Ms: number | null;
  /** 99th percentile of the same, in ms. */
  p99Ms: number | null;
  /** How many latency samples (sequential jobs). */
  latencySamples: number;
  /** Jobs (or runs) completed per second, end to end. */
  perSecond: number | null;
  /** How many jobs the throughput figure covers. */
  throughputJobs: number;
  /** The settings that matter (concurrency, polling, batching), for the docs. */
  settings: string;
}

const fixed = (value: number | null, digits: number) => (value === null ? '—' : value.toFixed(digits));

/** Prints results as one Markdown table (pasted into docs/benchmarks.md). */
export function printRunPathTable(results: readonly RunPathResult[]): void {
  console.log('| system | start latency p50 | p99 | samples | throughput | jobs | settings |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(
      `| ${r.name} | ${fixed(r.p50Ms, 1)} ms | ${fixed(r.p99Ms, 1)} ms | ${r.latencySamples} | ` +
        `${r.perSecond === null ? '—' : Math.round(r.perSecond).toLocaleString('en-US')}/s | ${r.throughputJobs.toLocaleString('en-US')} | ${r.settings} |`,
    );
  }
}
