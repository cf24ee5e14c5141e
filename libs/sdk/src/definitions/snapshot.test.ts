import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../internal/canonical-json.js';
import { SECRET_PASSWORD, build } from '../../test/support/definitions-fixture.js';
import { definitionsSnapshotSchema } from './snapshot-schema.js';

describe('definitions snapshot', () => {
  it('is content-addressed: the same definitions in another declaration order give the same id', () => {
    const first = build(false);
    const second = build(true);
    expect(first.snapshotId).toMatch(/^[0-9a-f]{64}$/);
    expect(second.snapshotId).toBe(first.snapshotId);
    expect(canonicalJson(second.snapshot)).toBe(canonicalJson(first.snapshot));
  });

  it('changes when a definition changes', async () => {
    const { asset } = await import('../assets/asset.js');
    const { defineDefinitions } = await import('./define-definitions.js');
    const v1 = defineDefinitions({ assets: [asset({ key: 'x', codeVersion: '1' }, () => 1)] });
    const v2 = defineDefinitions({ assets: [asset({ key: 'x', codeVersion: '2' }, () => 1)] });
    expect(v2.snapshotId).not.toBe(v1.snapshotId);
  });

  it('parses with the exported schema and holds no functions and no secrets', () => {
    const { snapshot } = build();
    expect(definitionsSnapshotSchema.parse(snapshot)).toEqual(snapshot);
    const text = JSON.stringify(snapshot);
    expect(text).not.toContain(SECRET_PASSWORD);
    const walk = (value: unknown): void => {
      expect(typeof value).not.toBe('function');
      if (value !== null && typeof value === 'object') Object.values(value).forEach(walk);
    };
    walk(snapshot);
    const db = snapshot.resources.find((r) => r.key === 'db')!;
    expect(db.config).toEqual({ password: { secret: true }, url: { env: 'DB_URL' } });
    expect(db.dependsOn).toEqual(['credentials']);
    expect(snapshot.resources.find((r) => r.key === 'warehouse')).toMatchObject({ role: 'io_manager', config: { schema: 'analytics' } });
    expect(snapshot.resources.find((r) => r.key === 'io_manager')).toMatchObject({ isDefault: true, role: 'io_manager' });
  });

  it('describes assets, checks and partitions for services that never import user code', () => {
    const { snapshot } = build();
    expect(snapshot.assets.map((a) => a.key.join('/'))).toEqual(['big', 'crm/customers', 'enriched_orders', 'landing/files', 'raw/orders', 'small']);
    const enriched = snapshot.assets.find((a) => a.key.join('/') === 'enriched_orders')!;
    expect(enriched).toMatchObject({
      kind: 'materializable',
      deps: [
        { key: ['crm', 'customers'], inputName: 'customers' },
        { key: ['raw', 'orders'], inputName: 'orders' },
      ],
      automation: { type: 'eager' },
      checks: ['has_rows', 'positive'],
      partitions: { kind: 'time-window', cron: '0 0 * * *', timezone: 'UTC' },
      computation: { stepName: 'enriched_orders', pool: 'warehouse', retry: { maxRetries: 3, delay: 500, backoff: 'linear' }, resourceKeys: ['db'] },
    });
    expect(enriched.computation!.configSchema).toMatchObject({ type: 'object', properties: { minAmount: { type: 'number', default: 0 } } });
    expect(snapshot.assets.find((a) => a.key.join('/') === 'big')!.computation).toMatchObject({ stepName: 'split', canSubset: true, stepKeys: [['big'], ['small']] });
    expect(snapshot.assets.find((a) => a.key.join('/') === 'crm/customers')).toMatchObject({ kind: 'external', owners: ['team:crm'] });
    expect(snapshot.assets.find((a) => a.key.join('/') === 'crm/customers')!.computation).toBeUndefined();
    expect(snapshot.assetChecks.map((c) => `${c.assetKey.join('/')}:${c.name}:${c.source}:${c.blocking}`)).toEqual([
      'enriched_orders:has_rows:asset:true',
      'enriched_orders:positive:check:true',
    ]);
    expect(snapshot.partitionsDefinitions).toHaveLength(1);
    expect(snapshot.executor).toEqual({ maxConcurrency: 4, isolation: 'in_process' });
  });

  it('describes jobs (op graph or asset keys with run config schema), schedules and sensors', () => {
    const { snapshot } = build();
    expect(snapshot.jobs.map((j) => [j.name, j.kind, j.implicit])).toEqual([
      ['__anonymous_asset_job_new_files', 'asset_job', true],
      ['daily_refresh', 'asset_job', false],
      ['ingest', 'op_job', false],
    ]);
    const ingest = snapshot.jobs.find((j) => j.name === 'ingest')!;
    expect(ingest.graph!.nodes.map((n) => [n.alias, n.mappedOver?.node ?? null])).toEqual([
      ['list_files', null],
      ['parse', 'list_files'],
      ['total', null],
    ]);
    expect(ingest.graph!.nodes[2]!.inputs).toEqual({ counts: { kind: 'collect', node: 'parse', output: 'result' } });
    expect(ingest.ops!.find((o) => o.name === 'list_files')!.outs).toEqual([{ name: 'result', dynamic: true, ioManagerKey: 'io_manager' }]);
    expect(ingest.runConfigSchema).toMatchObject({ type: 'object', properties: { ops: { properties: { parse: { type: 'object' } } } } });
    const dailyRefresh = snapshot.jobs.find((j) => j.name === 'daily_refresh')!;
    expect(dailyRefresh.selection).toBe('group:"raw"+');
    expect(dailyRefresh.assetKeys!.map((k) => k.join('/'))).toEqual(['big', 'enriched_orders', 'raw/orders', 'small']);
    expect(dailyRefresh.checkKeys).toEqual(['enriched_orders:positive']);
    expect(dailyRefresh.runConfigSchema).toMatchObject({ properties: { ops: { properties: { enriched_orders: { type: 'object' } } } } });
    expect(snapshot.schedules).toEqual([
      expect.objectContaining({ name: 'daily_refresh_schedule', crons: ['0 2 * * *'], jobName: 'daily_refresh', partitioned: true, defaultStatus: 'STOPPED', hasFunction: true }),
      expect.objectContaining({ name: 'hourly_ingest', crons: ['0 * * * *', '30 * * * *'], jobName: 'ingest', defaultStatus: 'RUNNING', hasFunction: false }),
    ]);
    expect(snapshot.sensors).toEqual([
      expect.objectContaining({ name: 'new_files', type: 'standard', minimumIntervalSeconds: 60, jobName: '__anonymous_asset_job_new_files' }),
      expect.objectContaining({ name: 'on_failure', type: 'run_status', runStatus: 'FAILURE', monitoredJobs: ['daily_refresh', 'ingest'] }),
    ]);
    expect(snapshot.sensors[1]!.jobName).toBeUndefined();
  });
});
