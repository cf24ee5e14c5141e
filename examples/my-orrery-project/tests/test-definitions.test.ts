// The code location as the executor loads it: src/definitions.ts validates, its snapshot
// is stable (content-addressed) and never holds a secret.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson, defineDefinitions, secret } from '@orrery/sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as staticallyLoaded from '../src/definitions.js';
import { shopApi } from '../src/resources/apis.js';
import { testEnv } from './support.js';

const projectDir = join(import.meta.dirname, '..');
const workspaceRoot = join(projectDir, '..', '..');

type DefinitionsModule = typeof staticallyLoaded;

/** A fresh load of the module, as a new executor process would do it. */
async function loadDefinitions(): Promise<DefinitionsModule> {
  vi.resetModules();
  return await import('../src/definitions.js');
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('src/definitions.ts', () => {
  it('exports the definitions as default and as `definitions`, and is the module workspace.yaml names', async () => {
    const module = await loadDefinitions();
    expect(module.default).toBe(module.definitions);
    const workspace = readFileSync(join(workspaceRoot, 'workspace.yaml'), 'utf8');
    expect(workspace).toMatch(/module: examples\/my-orrery-project\/src\/definitions\.ts\s+location_name: my_orrery_project/);
    expect(existsSync(join(workspaceRoot, 'examples/my-orrery-project/src/definitions.ts'))).toBe(true);
  });

  it('defines the seed project: raw → transformed → analytics assets, jobs, schedules, a sensor', async () => {
    const { definitions } = await loadDefinitions();
    const assets = definitions.snapshot.assets.map((asset) => [asset.key.join('/'), asset.group]);
    expect(assets).toEqual(expect.arrayContaining([
      ['raw/customers', 'raw'], ['raw/orders', 'raw'],
      ['clean_customers', 'transformed'], ['clean_orders', 'transformed'],
      ['analytics/daily_revenue_report', 'analytics'], ['analytics/revenue_report_export', 'analytics'], ['analytics/customer_summary', 'analytics'],
      ['raw/seattle_weather', 'raw'], ['clean_weather', 'transformed'],
      ['analytics/rain_last_7_days', 'analytics'], ['analytics/seattle_weather_records', 'analytics'],
    ]));
    expect(assets).toHaveLength(11);
    expect(definitions.jobs.map((job) => [job.name, job.kind])).toEqual([
      ['customers_job', 'asset_job'], ['daily_sales_job', 'asset_job'], ['data_pipeline', 'op_job'], ['seattle_weather_job', 'asset_job'],
    ]);
    const sales = definitions.getJob('daily_sales_job');
    expect(sales.kind === 'asset_job' && sales.assetKeys.map((key) => key.join('/'))).toEqual([
      'raw/orders', 'clean_orders', 'analytics/daily_revenue_report', 'analytics/revenue_report_export',
    ]);
    expect(definitions.snapshot.sensors.map((sensor) => sensor.name)).toEqual(['landing_file_sensor']);
    const weather = definitions.getJob('seattle_weather_job');
    expect(weather.kind === 'asset_job' && weather.assetKeys.map((key) => key.join('/'))).toEqual([
      'raw/seattle_weather', 'clean_weather', 'analytics/rain_last_7_days',
    ]);
    expect(definitions.assetChecks.map((check) => check.checkKey)).toEqual([
      'clean_orders:has_orders', 'clean_customers:unique_emails', 'clean_weather:plausible_readings',
    ]);
  });

  it('has a stable snapshot id: the sha256 of its canonical JSON, the same on every load and in any declaration order', async () => {
    const first = (await loadDefinitions()).definitions;
    const second = (await loadDefinitions()).definitions;
    expect(second).not.toBe(first); // really loaded twice
    expect(first.snapshotId).toMatch(/^[0-9a-f]{64}$/);
    expect(second.snapshotId).toBe(first.snapshotId);
    expect(sha256(canonicalJson(first.snapshot))).toBe(first.snapshotId);

    // The parts and the SDK of one load (this file's static imports): classes of two loads
    // are different classes, and are not mixed.
    const module = staticallyLoaded;
    const reversed = defineDefinitions({
      assets: [...module.assets].reverse(),
      assetChecks: [...module.assetChecks].reverse(),
      jobs: [...module.jobs].reverse(),
      schedules: [...module.schedules].reverse(),
      sensors: [...module.sensors].reverse(),
      resources: Object.fromEntries(Object.entries(module.resources).reverse()),
      executor: { maxConcurrency: 4 },
    });
    expect(reversed.snapshotId).toBe(first.snapshotId);
  });

  it('keeps secrets out of the snapshot: resources hold env() references, never values', async () => {
    const secrets = {
      SHOP_API_URL: 'https://user:hunter2@shop.internal.example/api',
      SHOP_API_TOKEN: 'sk_live_never_in_a_snapshot',
      ORRERY_DATA_DIR: '/srv/secret-data-dir',
      WAREHOUSE_DATABASE_URL: 'postgres://warehouse:pg-hunter3@db.internal.example/warehouse',
      WAREHOUSE_DIR: '/srv/secret-warehouse',
      OBJECT_STORE_DIR: '/srv/secret-object-store',
      S3_ENDPOINT: 'https://s3.secret.example',
      S3_REGION: 'secret-region-1',
      S3_ACCESS_KEY_ID: 'AKIASECRETNEVERSHOWN',
      S3_SECRET_ACCESS_KEY: 's3-secret-never-in-a-snapshot',
      S3_FORCE_PATH_STYLE: 'true',
      LANDING_DIR: '/srv/secret-landing',
      WEATHER_DATA_DIR: '/srv/secret-weather',
    };
    for (const [name, value] of Object.entries(secrets)) vi.stubEnv(name, value);
    const { definitions } = await loadDefinitions();
    const text = canonicalJson(definitions.snapshot);
    for (const [name, value] of Object.entries(secrets)) if (value !== 'true') expect(text, name).not.toContain(value);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('pg-hunter3');

    const configs = Object.fromEntries(definitions.snapshot.resources.map((resource) => [resource.key, resource.config]));
    expect(configs).toEqual({
      io_manager: { baseDir: { env: 'ORRERY_DATA_DIR' } },
      shop_api: { baseUrl: { env: 'SHOP_API_URL' }, token: { env: 'SHOP_API_TOKEN' } },
      warehouse: { url: { env: 'WAREHOUSE_DATABASE_URL' }, dir: { env: 'WAREHOUSE_DIR' } },
      object_store: {
        bucket: 'orrery-reports',
        rootDir: { env: 'OBJECT_STORE_DIR' },
        endpoint: { env: 'S3_ENDPOINT' },
        region: { env: 'S3_REGION' },
        accessKeyId: { env: 'S3_ACCESS_KEY_ID' },
        secretAccessKey: { env: 'S3_SECRET_ACCESS_KEY' },
        forcePathStyle: { env: 'S3_FORCE_PATH_STYLE' },
      },
      landing: { dir: { env: 'LANDING_DIR' } },
      weather_data: { dir: { env: 'WEATHER_DATA_DIR' } },
    });
  });

  it('reads exactly the variables .env.example documents (and tests/support.ts sets)', async () => {
    const { definitions } = await loadDefinitions();
    const names = new Set<string>();
    const collect = (value: unknown): void => {
      if (typeof value !== 'object' || value === null) return;
      if ('env' in value && typeof value.env === 'string') names.add(value.env);
      else Object.values(value).forEach(collect);
    };
    definitions.snapshot.resources.forEach((resource) => collect(resource.config));
    const documented = readFileSync(join(projectDir, '.env.example'), 'utf8').split('\n').flatMap((line) => /^([A-Z0-9_]+)=/.exec(line)?.[1] ?? []);
    expect([...names].sort()).toEqual([...documented].sort());
    expect(Object.keys(testEnv('/tmp/x')).sort()).toEqual([...documented].sort());
  });

  it('hides a literal wrapped in secret(), should one ever be needed in code', () => {
    const withLiteral = defineDefinitions({
      resources: { shop_api: shopApi.configured({ baseUrl: 'https://shop.example/api', token: secret('sk_live_literal') }) },
    });
    const text = canonicalJson(withLiteral.snapshot);
    expect(text).not.toContain('sk_live_literal');
    expect(withLiteral.snapshot.resources.find((resource) => resource.key === 'shop_api')?.config).toEqual({
      baseUrl: 'https://shop.example/api', token: { secret: true },
    });
  });
});
