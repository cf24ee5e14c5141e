import { dailyPartitionsDefinition, staticPartitionsDefinition, timeWindowPartitionMapping } from '@orrery/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { asset } from '../assets/asset.js';
import { assetCheck } from '../assets/asset-check.js';
import { AutomationCondition } from '../automation/automation-condition.js';
import { defineAssetJob, job } from '../jobs/job.js';
import { op } from '../ops/op.js';
import { resource } from '../resources/resource.js';
import { schedule } from '../schedules/schedule.js';
import { assetSensor } from '../sensors/asset-sensor.js';
import { sensor } from '../sensors/sensor.js';
import { defineDefinitions } from './define-definitions.js';
import { DefinitionsError, type DefinitionProblem } from './definitions-error.js';
import type { DefinitionsOptions } from './definitions-options.js';

function problemsOf(options: DefinitionsOptions): DefinitionProblem[] {
  try {
    defineDefinitions(options);
  } catch (error) {
    expect(error).toBeInstanceOf(DefinitionsError);
    return [...(error as DefinitionsError).problems];
  }
  throw new Error('expected a DefinitionsError');
}

const noop = () => 1;

describe('defineDefinitions validation', () => {
  it('lists every problem of the definitions in one named error', () => {
    const a = asset({ key: 'a', deps: ['c'] }, noop);
    const b = asset({ key: 'b', deps: ['a'] }, noop);
    const c = asset({ key: 'c', deps: ['b'] }, noop);
    const orphan = asset({ key: 'orphan', deps: ['ghost'], resources: { warehouse: resource({ setup: () => 1 }) } }, noop);
    const dupe1 = asset({ key: 'dupe' }, noop);
    const dupe2 = asset({ key: 'dupe' }, noop);
    const daily = asset({ key: 'daily', partitions: dailyPartitionsDefinition({ start: '2024-01-01' }) }, noop);
    const byRegion = asset(
      { key: 'by_region', partitions: staticPartitionsDefinition(['eu', 'us']), deps: [{ asset: daily, partitionMapping: timeWindowPartitionMapping({ startOffset: -1 }) }] },
      noop,
    );
    const options: DefinitionsOptions = {
      assets: [a, b, c, orphan, dupe1, dupe2, daily, byRegion],
      assetChecks: [assetCheck({ asset: 'nowhere', name: 'exists' }, () => ({ passed: true }))],
      jobs: [defineAssetJob({ name: 'empty_job', selection: 'group:nothing' })],
      schedules: [
        schedule({ name: 'bad_cron', cron: '0 0 31 2 *', job: 'missing_job' }),
        schedule({ name: 'bad_zone', cron: '0 * * * *', timezone: 'Mars/Olympus', job: 'empty_job' }),
      ],
      sensors: [assetSensor({ name: 'watch_ghost', asset: 'ghost', job: 'empty_job' }, () => undefined)],
      resources: {
        first: resource({ dependsOn: ['second'], setup: () => 1 }),
        second: resource({ dependsOn: ['first'], setup: () => 2 }),
      },
    };
    const problems = problemsOf(options);
    const codes = new Set(problems.map((problem) => problem.code));
    for (const code of [
      'asset_cycle',
      'missing_dependency',
      'duplicate_asset_key',
      'unknown_resource',
      'resource_cycle',
      'invalid_cron',
      'incompatible_partition_mapping',
      'check_unknown_asset',
      'job_selects_nothing',
      'unknown_job',
      'unknown_asset',
    ]) {
      expect(codes, code).toContain(code);
    }
    const error = (() => {
      try {
        defineDefinitions(options);
      } catch (caught) {
        return caught as DefinitionsError;
      }
      throw new Error('unreachable');
    })();
    expect(error.name).toBe('DefinitionsError');
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toMatch(/^invalid definitions \(\d+ problems\):/);
    expect(error.message).toContain('asset a: dependency cycle: a -> b -> c -> a');
    expect(error.message).toContain('asset orphan: depends on ghost, which is not defined');
    expect(error.message).toContain('asset orphan: needs resource "warehouse", which is not provided');
    expect(error.message).toContain('resource first: dependency cycle: first -> second -> first');
    expect(error.message).toContain('asset check nowhere:exists: checks asset nowhere, which is not defined');
    expect(error.message).toContain('job empty_job: selection group:"nothing" selects no asset');
    expect(error.message).toContain('schedule bad_cron: targets job "missing_job" is not defined');
    expect(error.message).toMatch(/schedule bad_cron: invalid cron "0 0 31 2 \*"/);
    expect(error.message).toMatch(/schedule bad_zone: invalid time zone "Mars\/Olympus"/);
    expect(error.message).toMatch(/asset by_region: dependency on daily: .*time-window/);
    expect(error.message).toContain('sensor watch_ghost: monitors asset ghost, which is not defined');
    // Sorted by subject: the same definitions always give the same message.
    const subjects = problems.map((problem) => problem.subject);
    expect(subjects).toEqual([...subjects].sort());
  });

  it('reports duplicate names of jobs, schedules, sensors and checks', () => {
    const x = asset({ key: 'x' }, noop);
    const ping = op({ name: 'ping' }, noop);
    const problems = problemsOf({
      assets: [x],
      assetChecks: [assetCheck({ asset: x, name: 'c' }, () => ({ passed: true })), assetCheck({ asset: x, name: 'c' }, () => ({ passed: true }))],
      jobs: [job({ name: 'j' }, () => ping()), job({ name: 'j' }, () => ping())],
      schedules: [schedule({ name: 's', cron: '@daily', selection: '*' }), schedule({ name: 's', cron: '@daily', selection: '*' })],
      sensors: [sensor({ name: 's', selection: '*' }, () => undefined)],
    });
    expect(problems.map((p) => `${p.code} ${p.subject}`)).toEqual(
      expect.arrayContaining(['duplicate_check asset check x:c', 'duplicate_job job j', 'duplicate_schedule schedule s', 'duplicate_instigator sensor s']),
    );
  });

  it('checks resource config literals, IO manager keys, op resources and automation crons', () => {
    const db = resource({ config: z.object({ port: z.number() }), setup: () => 1 });
    const usesDb = op({ name: 'uses_db', resources: { db } }, noop);
    const problems = problemsOf({
      assets: [
        asset({ key: 'stored', ioManager: 'warehouse_io' }, noop),
        asset({ key: 'in_a_value', ioManager: 'plain' }, noop),
        asset({ key: 'auto', automation: AutomationCondition.onCron('61 * * * *') }, noop),
      ],
      jobs: [job({ name: 'db_job' }, () => usesDb())],
      resources: { db: db.configured({ port: 'not a number' as never }), plain: { notAnIOManager: true } },
      executor: { maxConcurrency: 0 },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'unknown_resource', subject: 'asset stored', message: 'needs IO manager "warehouse_io", which is not provided' }),
        expect.objectContaining({ code: 'invalid_cron', subject: 'asset auto' }),
        expect.objectContaining({ code: 'invalid_resource_config', subject: 'resource db', message: expect.stringMatching(/^port: /) }),
        expect.objectContaining({ code: 'invalid_executor' }),
        expect.objectContaining({ code: 'not_an_io_manager', subject: 'asset in_a_value' }),
      ]),
    );
    expect(problems.some((p) => p.subject === 'op uses_db (job db_job)')).toBe(false);
  });

  it('refuses asset jobs mixing partitions definitions and invalid default run config', () => {
    const daily = asset({ key: 'd', partitions: dailyPartitionsDefinition({ start: '2024-01-01' }) }, noop);
    const regions = asset({ key: 'r', partitions: staticPartitionsDefinition(['eu']) }, noop);
    const configured = asset({ key: 'cfg', config: z.object({ limit: z.number() }) }, noop);
    const problems = problemsOf({
      assets: [daily, regions, configured],
      jobs: [
        defineAssetJob({ name: 'mixed', selection: 'key:d or key:r' }),
        defineAssetJob({ name: 'bad_default', selection: 'key:cfg', config: { ops: { cfg: { config: { limit: 'x' } } } } }),
      ],
    });
    expect(problems.map((p) => p.code).sort()).toEqual(['invalid_default_run_config', 'job_mixed_partitions']);
  });

  it('accepts valid definitions, including self-dependencies through a partition mapping', () => {
    const daily = dailyPartitionsDefinition({ start: '2024-01-01' });
    const running = asset({ key: 'running_total', partitions: daily, deps: [{ asset: 'running_total', partitionMapping: timeWindowPartitionMapping({ startOffset: -1, endOffset: -1 }) }] }, noop);
    const definitions = defineDefinitions({ assets: [running], jobs: [defineAssetJob({ name: 'all', selection: '*' })] });
    expect(definitions.assetGraph.parents('running_total')).toEqual([]);
    expect(definitions.getJob('all').partitions).toBe(daily);
  });
});
