import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Logger, makeWorkerUtils, run, type Runner, type WorkerUtils } from 'graphile-worker';
import type { JobQueue } from './job-queue.js';

const version = (JSON.parse(readFileSync(createRequire(import.meta.url).resolve('graphile-worker/package.json'), 'utf8')) as { version: string }).version;
const silent = new Logger(() => () => undefined);

/**
 * graphile-worker with its defaults for low latency: workers LISTEN for the NOTIFY that
 * `add_job` sends, so a job starts without waiting for the 2 s poll; `concurrency` jobs at once.
 */
export class GraphileWorkerQueue implements JobQueue {
  readonly name = `graphile-worker ${version}`;
  readonly settings: string;
  private runner: Runner | undefined;
  private utils: WorkerUtils | undefined;

  constructor(
    private readonly url: string,
    private readonly concurrency: number,
    /** graphile-worker's batching for throughput (docs "Performance"): jobs locked per fetch; 0 = off (default). */
    private readonly localQueueSize = 0,
  ) {
    const batching = localQueueSize > 0 ? `localQueue { size: ${localQueueSize} }, completeJobBatchDelay 0 ms` : 'no localQueue (default)';
    this.settings = `run({ concurrency: ${concurrency} }), LISTEN/NOTIFY (default), pollInterval 2000 ms (default, fallback only), ${batching}; addJob() per job`;
  }

  async start(onJobStart: () => void): Promise<void> {
    this.runner = await run({
      connectionString: this.url,
      concurrency: this.concurrency,
      noHandleSignals: true,
      logger: silent,
      taskList: { noop: async () => onJobStart() },
      ...(this.localQueueSize > 0 && { preset: { worker: { localQueue: { size: this.localQueueSize }, completeJobBatchDelay: 0 } } }),
    });
    this.utils = await makeWorkerUtils({ connectionString: this.url, logger: silent });
  }

  async enqueue(): Promise<void> {
    await this.utils!.addJob('noop', {});
  }

  async stop(): Promise<void> {
    await this.utils?.release();
    await this.runner?.stop();
  }
}
