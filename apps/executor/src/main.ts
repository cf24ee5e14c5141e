// The executor service: hosting code locations and executing launched runs.
// Built so far: start-up, health, heartbeats and shutdown through the shared service host;
// its own work arrives with the issues that build it (see README "Status").
import { exitOnConfigError, loadEnv, runService } from '@orrery/platform';
import { envSchema } from './env.js';

await exitOnConfigError(async () => {
  const env = loadEnv(envSchema, process.env);
  await runService({ name: 'executor', env, configEnv: process.env });
});
