// Definitions shared by the snapshot and loaded-definitions tests: a small but complete
// code location. `build(order)` declares the same definitions in either order.
import { dailyPartitionsDefinition } from '@orrery/core';
import { z } from 'zod';
import { asset } from '../../src/assets/asset.js';
import { assetCheck } from '../../src/assets/asset-check.js';
import { multiAsset } from '../../src/assets/multi-asset.js';
import { DynamicOutput } from '../../src/assets/results.js';
import { externalAsset, observableSourceAsset } from '../../src/assets/source-assets.js';
import { AutomationCondition } from '../../src/automation/automation-condition.js';
import { postgresIOManager } from '../../src/io/postgres-io-manager.js';
import { defineAssetJob, job } from '../../src/jobs/job.js';
import { DynamicOut, In, op } from '../../src/ops/op.js';
import { env, secret } from '../../src/resources/env-var.js';
import { resource } from '../../src/resources/resource.js';
import { buildScheduleFromPartitionedJob } from '../../src/schedules/partitioned-schedule.js';
import { schedule } from '../../src/schedules/schedule.js';
import { runFailureSensor } from '../../src/sensors/run-status-sensor.js';
import { sensor } from '../../src/sensors/sensor.js';
import { defineDefinitions } from '../../src/definitions/define-definitions.js';
import type { Definitions } from '../../src/definitions/definitions.js';

export const SECRET_PASSWORD = 'correct-horse-battery-staple';

export function build(reversed = false): Definitions {
  const daily = dailyPartitionsDefinition({ start: '2024-01-01' });
  const database = resource({
    config: z.object({ url: z.string(), password: z.string(), poolSize: z.coerce.number().default(4) }),
    dependsOn: ['credentials'],
    setup: (config) => ({ ...config }),
  });
  const credentials = resource({ setup: () => ({ token: 't' }) });
  const fakePool = { query: async () => ({ rows: [] }) };

  const landing = observableSourceAsset({ key: 'landing/files', group: 'raw' }, () => ({ dataVersion: 'v1' }));
  const crm = externalAsset({ key: ['crm', 'customers'], group: 'raw', owners: ['team:crm'] });
  const orders = asset(
    { key: 'raw/orders', group: 'raw', partitions: daily, deps: [landing], kinds: ['postgres'], ioManager: 'warehouse', codeVersion: '1' },
    () => [{ id: 1 }],
  );
  const enriched = asset(
    {
      key: 'enriched_orders',
      ins: { orders, customers: crm },
      partitions: daily,
      config: z.object({ minAmount: z.number().default(0) }),
      resources: { db: database },
      automation: AutomationCondition.eager(),
      checks: [{ name: 'has_rows', blocking: true }],
      retry: { maxRetries: 3, delay: 500, backoff: 'linear' },
      pool: 'warehouse',
    },
    () => [],
  );
  const split = multiAsset({ name: 'split', specs: { big: { key: 'big' }, small: { key: 'small' } }, ins: { enriched }, canSubset: true, partitions: daily }, () => ({}));
  const positive = assetCheck({ asset: enriched, name: 'positive', blocking: true }, () => ({ passed: true }));

  const listFiles = op({ name: 'list_files', out: DynamicOut<string>() }, () => [DynamicOutput('a', 'a')]);
  const parse = op({ name: 'parse', ins: { file: In<string>() }, config: z.object({ strict: z.boolean().default(true) }) }, () => 1);
  const total = op({ name: 'total', ins: { counts: In<number[]>() }, resources: { db: database } }, () => 0);
  const ingest = job({ name: 'ingest', tags: { team: 'data' } }, () => {
    total(listFiles().map((file) => parse(file)).collect());
  });
  const dailyJob = defineAssetJob({ name: 'daily_refresh', selection: 'group:raw+', partitions: daily, tags: { 'orrery/priority': '5' } });

  const assets = [landing, crm, orders, enriched, split];
  const jobs = [ingest, dailyJob];
  const schedules = [
    buildScheduleFromPartitionedJob(dailyJob, { hourOfDay: 2 }),
    schedule({ name: 'hourly_ingest', crons: ['30 * * * *', '0 * * * *'], job: ingest, defaultStatus: 'RUNNING' }),
  ];
  const sensors = [
    sensor({ name: 'new_files', selection: 'key:landing/files+', minimumIntervalSeconds: 60 }, () => undefined),
    runFailureSensor({ name: 'on_failure', monitoredJobs: [ingest, 'daily_refresh'] }, () => undefined),
  ];
  const resources = {
    db: database.configured({ url: env('DB_URL'), password: secret(SECRET_PASSWORD) }),
    credentials,
    warehouse: postgresIOManager({ pool: fakePool, schema: 'analytics' }),
  };
  const order = <T>(items: T[]) => (reversed ? [...items].reverse() : items);
  return defineDefinitions({
    assets: order(assets),
    assetChecks: [positive],
    jobs: order(jobs),
    schedules: order(schedules),
    sensors: order(sensors),
    resources: reversed ? Object.fromEntries(Object.entries(resources).reverse()) : resources,
    executor: { maxConcurrency: 4 },
  });
}
