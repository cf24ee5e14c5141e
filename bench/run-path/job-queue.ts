import { percentile } from '../lib/measure.js';

/**
 * A queue measured side by side with the others: it runs a no-op handler that calls
 * `onJobStart` first thing, and enqueues one job per `enqueue()` call.
 */
export interface JobQueue {
  readonly name: string;
  readonly settings: string;
  /** Installs the queue's schema and starts its workers. */
  start(onJobStart: () => void): Promise<void>;
  enqueue(): Promise<void>;
  /** Stops the workers and closes every connection. */
  stop(): Promise<void>;
}

/** Options of {@link measureQueue}. */
export interface QueueMeasureOptions {
  /** Sequential jobs timed from enqueue to handler start. */
  latencyJobs: number;
  /** Untimed sequential jobs first. */
  warmupJobs: number;
  /** Jobs enqueued (one per call, by `producers` concurrent producers) and handled, end to end. */
  throughputJobs: number;
  producers: number;
}

/** Latency p50/p99 over sequential jobs, then throughput with concurrent producers. */
export async function measureQueue(queue: JobQueue, options: QueueMeasureOptions) {
  // The handler resolves whoever waits for the next start; the throughput phase only counts.
  let onStart: () => void = () => undefined;
  await queue.start(() => onStart());
  try {
    const latencies: number[] = [];
    for (let i = 0; i < options.warmupJobs + options.latencyJobs; i++) {
      const started = new Promise<number>((resolve) => {
        onStart = () => resolve(performance.now());
      });
      const enqueuedAt = performance.now();
      await queue.enqueue();
      const startedAt = await started;
      if (i >= options.warmupJobs) latencies.push(startedAt - enqueuedAt);
    }
    latencies.sort((a, b) => a - b);

    let count = 0;
    let allDone: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      allDone = resolve;
    });
    onStart = () => {
      count += 1;
      if (count === options.throughputJobs) allDone();
    };
    const began = performance.now();
    const perProducer = Math.ceil(options.throughputJobs / options.producers);
    await Promise.all(Array.from({ length: options.producers }, async (_, p) => {
      const mine = Math.min(perProducer, options.throughputJobs - p * perProducer);
      for (let i = 0; i < mine; i++) await queue.enqueue();
    }));
    await done;
    const elapsedMs = performance.now() - began;
    return {
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      perSecond: options.throughputJobs / (elapsedMs / 1000),
    };
  } finally {
    onStart = () => undefined;
    await queue.stop();
  }
}
