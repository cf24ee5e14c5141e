// The sensor service: sensor ticks, asset and run-status sensors, declarative automation, backfill progress.
// Built so far: start-up, health, heartbeats and shutdown through the shared service host;
// its own work arrives with the issues that build it (see README "Status").
import { exitOnConfigError, loadEnv, runService } from '@orrery/platform';
import { envSchema } from './env.js';

await exitOnConfigError(async () => {
  const env = loadEnv(envSchema, process.env);
  await runService({ name: 'sensor', env, configEnv: process.env });
});
