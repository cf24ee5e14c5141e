// The api service: the HTTP API over the instance. Built so far: health and readiness on
// its port, and the run routes (submit, read, events, cancel, re-execute; docs/api.md).
import { exitOnConfigError, loadEnv, runService } from '@orrery/platform';
import { ApiServer } from './api-server.js';
import { envSchema } from './env.js';

await exitOnConfigError(async () => {
  const env = loadEnv(envSchema, process.env);
  await runService({ name: 'api', env, configEnv: process.env, create: (context) => new ApiServer(context) });
});
