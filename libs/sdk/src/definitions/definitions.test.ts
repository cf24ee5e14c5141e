import { describe, expect, it } from 'vitest';
import { build } from '../../test/support/definitions-fixture.js';
import { RunConfigError } from '../jobs/run-config.js';
import { DefinitionNotFoundError } from './definitions.js';

describe('loaded definitions (the engine API)', () => {
  const definitions = build();

  it('looks up assets, their computing definition, IO manager and dependencies', () => {
    const node = definitions.getAssetNode('enriched_orders');
    expect(node.kind).toBe('materializable');
    expect(node.ioManagerKey).toBe('io_manager');
    expect(node.dependencies.map((d) => [d.key.join('/'), d.inputName])).toEqual([
      ['raw/orders', 'orders'],
      ['crm/customers', 'customers'],
    ]);
    expect(definitions.getAssetNode(['raw', 'orders']).ioManagerKey).toBe('warehouse');
    const computing = definitions.getAssetsDefinition('small');
    expect(computing.kind).toBe('multi_asset');
    expect(definitions.getAssetNode('small').outputName).toBe('small');
    expect(definitions.assetGraph.parents('big').map((k) => k.join('/'))).toEqual(['enriched_orders']);
    expect(() => definitions.getAssetNode('nope')).toThrow(DefinitionNotFoundError);
    expect(definitions.assets.map((n) => `${n.keyString}:${n.kind}`)).toEqual([
      'landing/files:observable_source',
      'crm/customers:external',
      'raw/orders:materializable',
      'enriched_orders:materializable',
      'big:materializable',
      'small:materializable',
    ]);
  });

  it('resolves an asset job to keys (parents first) and checks', () => {
    const job = definitions.getJob('daily_refresh');
    if (job.kind !== 'asset_job') throw new Error('expected an asset job');
    expect(job.assetKeys.map((k) => k.join('/'))).toEqual(['raw/orders', 'enriched_orders', 'big', 'small']);
    expect(job.checkKeys).toEqual(['enriched_orders:positive']);
    expect(job.partitions?.kind).toBe('time-window');
    expect(job.parseRunConfig({}).get('enriched_orders')).toEqual({ minAmount: 0 });
    expect(() => job.parseRunConfig({ ops: { enriched_orders: { config: { minAmount: 'x' } } } })).toThrow(RunConfigError);
  });

  it('resolves an op job to its graph and op definitions', () => {
    const job = definitions.getJob('ingest');
    if (job.kind !== 'op_job') throw new Error('expected an op job');
    expect(job.graph.nodes.map((n) => n.alias)).toEqual(['list_files', 'parse', 'total']);
    const parse = job.ops.get('parse')!;
    expect(typeof parse.compute).toBe('function');
    expect(job.ops.get('list_files')!.isDynamicOutput('result')).toBe(true);
    expect(definitions.parseRunConfig('ingest', { ops: { parse: { config: { strict: false } } } }).get('parse')).toEqual({ strict: false });
    expect(() => definitions.getJob('nope')).toThrow(/job nope is not defined/);
  });

  it('orders resource setup dependencies first and binds the default IO manager', () => {
    expect(definitions.resourceInitOrder(['db', 'warehouse'])).toEqual(['credentials', 'db', 'warehouse']);
    expect(definitions.getResource('io_manager').role).toBe('io_manager');
    expect(definitions.getResource('db').resolveConfig({ DB_URL: 'postgres://x' }, 'db')).toMatchObject({ url: 'postgres://x', poolSize: 4 });
  });

  it('exposes schedules, sensors, checks and selections', () => {
    expect(definitions.getSchedule('daily_refresh_schedule').partitioned).toBeDefined();
    expect(definitions.getSensor('on_failure')).toMatchObject({ sensorType: 'run_status' });
    expect(definitions.getChecksForAsset('enriched_orders').map((c) => c.name)).toEqual(['positive']);
    expect(definitions.getAssetCheck('enriched_orders:positive').blocking).toBe(true);
    expect(definitions.resolveSelection('key:raw/orders+1').map((k) => k.join('/'))).toEqual(['raw/orders', 'enriched_orders']);
    expect(definitions.hasJob('__anonymous_asset_job_new_files')).toBe(true);
    expect(definitions.executor).toEqual({ isolation: 'in_process', maxConcurrency: 4 });
    expect(Object.isFrozen(definitions)).toBe(true);
  });
});
