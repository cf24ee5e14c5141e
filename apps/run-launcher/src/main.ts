// The run-launcher service: the run queue, launching runs onto executors, run monitoring and retries.
import { exitOnConfigError, loadEnv, runService } from '@orrery/platform';
import { systemClock } from './clock.js';
import { envSchema } from './env.js';
import { createRunLauncher } from './launchers/create-run-launcher.js';
import { RunLauncherService } from './run-launcher-service.js';

await exitOnConfigError(async () => {
  const env = loadEnv(envSchema, process.env);
  await runService({
    name: 'run-launcher',
    env,
    configEnv: process.env,
    create: async ({ config, logger, prisma, bus }) => {
      const launcher = await createRunLauncher({
        config: config.runLauncher,
        bus,
        clock: systemClock,
        logger,
        launcherEnv: process.env,
        ...(env.ORRERY_CONFIG !== undefined && { configPath: env.ORRERY_CONFIG }),
      });
      return new RunLauncherService({
        prisma, bus, config, launcher, logger,
        relaunchDelayMs: env.RELAUNCH_DELAY_MS,
        retryIntervalMs: env.RUN_RETRY_INTERVAL_MS,
      });
    },
  });
});
