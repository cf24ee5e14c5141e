import { describe, expect, it } from 'vitest';
import { asset } from '../assets/asset.js';
import { defineDefinitions } from './define-definitions.js';
import { IMPLICIT_ASSET_JOB_NAME, withImplicitAssetJob } from './implicit-asset-job.js';
import { dailyPartitionsDefinition } from '@orrery/core';

const days = dailyPartitionsDefinition({ start: '2024-01-01' });
const raw = asset({ key: 'raw', partitions: days }, () => 1);
const clean = asset({ key: 'clean', ins: { raw }, partitions: days }, (_context, { raw: value }) => value);
const summary = asset({ key: 'summary' }, () => 'all');
const definitions = defineDefinitions({ assets: [raw, clean, summary] });

describe('withImplicitAssetJob', () => {
  it('adds __ASSET_JOB over exactly the selected assets, partitioned as they are', () => {
    const job = withImplicitAssetJob(definitions, [['clean']]).getJob(IMPLICIT_ASSET_JOB_NAME);
    expect(job.kind).toBe('asset_job');
    expect(job.partitions).toBeDefined();
    expect(withImplicitAssetJob(definitions, [['summary']]).getJob(IMPLICIT_ASSET_JOB_NAME).partitions).toBeUndefined();
  });

  it('keeps the original definitions untouched', () => {
    withImplicitAssetJob(definitions, [['raw']]);
    expect(definitions.hasJob(IMPLICIT_ASSET_JOB_NAME)).toBe(false);
  });

  it('refuses an empty selection', () => {
    expect(() => withImplicitAssetJob(definitions, [])).toThrow(/at least one asset/);
  });
});
