import { PrismaRunStore } from '@orrery/db';
import { loadWorkspaceConfig, type HostedService, type ServiceContext } from '@orrery/platform';
import type { ExecutorServiceEnv } from './env.js';
import { ExecutorService } from './executor-service.js';
import { loadCodeLocation } from './locations/code-location.js';

/**
 * One-run mode, for the `process` and `kubernetes` run launchers: loads the run's code
 * location, claims the given attempt (or the run's current one), runs it, and resolves
 * `done` with the process exit code — 0 when the attempt ran (whatever its outcome, which
 * is in the run's status), 1 when it could not be claimed or the location failed to load.
 */
export class OneRunExecutor implements HostedService {
  private readonly executor: ExecutorService;
  private resolveDone!: (code: number) => void;
  readonly done = new Promise<number>((resolve) => (this.resolveDone = resolve));

  constructor(private readonly context: ServiceContext<ExecutorServiceEnv>, private readonly runId: string, private readonly attempt: number | undefined) {
    this.executor = new ExecutorService(context);
  }

  async start(): Promise<void> {
    void this.runOnce().then(this.resolveDone, (error: unknown) => {
      this.context.logger.error({ err: error, runId: this.runId }, 'one-run executor failed');
      this.resolveDone(1);
    });
  }

  private async runOnce(): Promise<number> {
    const { env, prisma, logger } = this.context;
    const run = await new PrismaRunStore(prisma).getRun(this.runId);
    if (!run) {
      logger.error({ runId: this.runId }, 'run does not exist');
      return 1;
    }
    const workspace = await loadWorkspaceConfig({ path: env.ORRERY_WORKSPACE, env: process.env });
    const config = workspace.loadFrom.find((location) => location.locationName === run.locationName);
    const runner = this.executor.runner;
    if (config) runner.useLocations(new Map([[config.locationName, await loadCodeLocation(config)]]));
    const outcome = await runner.claim(this.runId, this.attempt ?? run.attempt);
    if (!outcome.claimed) return 1;
    await runner.execute(outcome.run, outcome.active);
    return 0;
  }

  async stop(): Promise<void> {
    for (const run of this.executor.runner.active.all()) this.executor.runner.active.abort(run.runId, 'shutdown');
    await this.executor.writer.close();
  }
}
