import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PgBoss from 'pg-boss';
import type { JobQueue } from './job-queue.js';

const version = (JSON.parse(readFileSync(createRequire(import.meta.url).resolve('pg-boss/package.json'), 'utf8')) as { version: string }).version;
const QUEUE = 'noop';

/** Options of {@link PgBossQueue}. */
export interface PgBossQueueOptions {
  /** Workers (`work()` calls), each polling on its own. */
  workers: number;
  /** Jobs a worker fetches per poll. */
  batchSize: number;
  /** Poll period in s; pg-boss 10 refuses less than 0.5. */
  pollingIntervalSeconds: number;
}

/**
 * pg-boss 10 polls (it has no LISTEN/NOTIFY): a worker fetches up to `batchSize` jobs, runs
 * the handler on them and waits out the rest of the polling interval before fetching again.
 */
export class PgBossQueue implements JobQueue {
  readonly name = `pg-boss ${version}`;
  readonly settings: string;
  private boss: PgBoss | undefined;

  constructor(
    private readonly url: string,
    private readonly options: PgBossQueueOptions,
  ) {
    this.settings = `${options.workers} × work({ pollingIntervalSeconds: ${options.pollingIntervalSeconds} (the minimum), batchSize: ${options.batchSize} }), queue policy standard; send() per job`;
  }

  async start(onJobStart: () => void): Promise<void> {
    this.boss = new PgBoss({ connectionString: this.url, max: this.options.workers + 4 });
    this.boss.on('error', (error) => console.error('pg-boss:', error));
    await this.boss.start();
    await this.boss.createQueue(QUEUE);
    for (let i = 0; i < this.options.workers; i++) {
      await this.boss.work(QUEUE, { batchSize: this.options.batchSize, pollingIntervalSeconds: this.options.pollingIntervalSeconds }, async (jobs) => {
        for (let j = 0; j < jobs.length; j++) onJobStart();
      });
    }
  }

  async enqueue(): Promise<void> {
    await this.boss!.send(QUEUE, {});
  }

  async stop(): Promise<void> {
    await this.boss?.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}
