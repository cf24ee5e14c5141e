// The executor service: hosts code locations and executes launched runs. With ORRERY_RUN_ID
// set (the process and kubernetes launchers) it runs that one run and exits.
import { exitOnConfigError, loadEnv, runService } from '@orrery/platform';
import { envSchema } from './env.js';
import { ExecutorService } from './executor-service.js';
import { OneRunExecutor } from './one-run-executor.js';

await exitOnConfigError(async () => {
  const env = loadEnv(envSchema, process.env);
  // The process launcher appends the run id as the last argument; the kubernetes one sets ORRERY_RUN_ID.
  const runIdArgument = process.argv.slice(2).find((arg) => /^[0-9a-f-]{36}$/i.test(arg));
  const runId = env.ORRERY_RUN_ID ?? runIdArgument;
  if (runId === undefined) {
    await runService({ name: 'executor', env, configEnv: process.env, create: (context) => new ExecutorService(context) });
    return;
  }
  let oneRun: OneRunExecutor | undefined;
  const shutdown = await runService({
    name: 'executor',
    // No health port: many one-run executors may share a host.
    env: { ...env, HEALTH_PORT: undefined },
    configEnv: process.env,
    create: (context) => (oneRun = new OneRunExecutor(context, runId, env.ORRERY_RUN_ATTEMPT)),
  });
  const code = await oneRun!.done;
  await shutdown.shutdown(code, 'run finished');
});
