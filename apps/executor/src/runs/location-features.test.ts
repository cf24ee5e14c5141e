import { describe, expect, it } from 'vitest';
import { asset, assetCheck, defineDefinitions, dynamicPartitionsDefinition, multiPartitionsDefinition, staticPartitionsDefinition } from '@orrery/sdk';
import { locationFeatures } from './location-features.js';

describe('locationFeatures', () => {
  it('sees no pools and no dynamic partitions in a plain location', () => {
    const definitions = defineDefinitions({ assets: [asset({ key: 'a', partitions: staticPartitionsDefinition(['x', 'y']) }, () => 1)] });
    expect(locationFeatures(definitions)).toEqual({ dynamicPartitions: false, pools: false });
  });

  it('sees a pool on an asset or on an asset check', () => {
    const pooled = defineDefinitions({ assets: [asset({ key: 'a', pool: 'api' }, () => 1)] });
    expect(locationFeatures(pooled).pools).toBe(true);
    const a = asset({ key: 'a' }, () => 1);
    const checked = defineDefinitions({ assets: [a], assetChecks: [assetCheck({ asset: a, name: 'fresh', pool: 'warehouse' }, () => ({ passed: true }))] });
    expect(locationFeatures(checked).pools).toBe(true);
  });

  it('sees a dynamic partitions definition, also as a dimension of a multi-partitions one', () => {
    const dynamic = defineDefinitions({ assets: [asset({ key: 'a', partitions: dynamicPartitionsDefinition('files') }, () => 1)] });
    expect(locationFeatures(dynamic).dynamicPartitions).toBe(true);
    const multi = multiPartitionsDefinition({ region: staticPartitionsDefinition(['eu', 'us']), file: dynamicPartitionsDefinition('files') });
    expect(locationFeatures(defineDefinitions({ assets: [asset({ key: 'b', partitions: multi }, () => 1)] })).dynamicPartitions).toBe(true);
  });
});
