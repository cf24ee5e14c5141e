import { describe, expect, it } from 'vitest';
import { dailyPartitionsDefinition, hourlyPartitionsDefinition, multiPartitionsDefinition, staticPartitionsDefinition } from '../definitions.js';
import { defaultPartitionMapping } from './default-mapping.js';
import { mapDownstreamToUpstream, mapUpstreamToDownstream } from './map-partitions.js';
import { multiToSingleDimensionPartitionMapping } from './partition-mapping.js';
import { validatePartitionMapping } from './validate-mapping.js';

const context = { now: new Date('2024-01-04T00:00:00Z') };
const date = dailyPartitionsDefinition({ start: '2024-01-01' });
const region = staticPartitionsDefinition(['eu', 'us']);
const multi = multiPartitionsDefinition({ date, region });
const mapping = multiToSingleDimensionPartitionMapping();

describe('multi-to-single-dimension mapping', () => {
  it('multi upstream, single downstream: a day needs that day in every region', () => {
    const result = mapDownstreamToUpstream(mapping, { upstream: multi, downstream: date, downstreamSubset: date.subsetWithKeys(['2024-01-02']), context });
    expect(result.subset.keys()).toEqual(['2024-01-02|eu', '2024-01-02|us']);
    expect(result.requiredButNonexistentKeys).toEqual([]);
    const affected = mapUpstreamToDownstream(mapping, { upstream: multi, downstream: date, upstreamSubset: multi.subsetWithKeys(['2024-01-01|us', '2024-01-03|eu']), context });
    expect(affected.keys()).toEqual(['2024-01-01', '2024-01-03']);
  });

  it('single upstream, multi downstream: a region change reaches that region on every day', () => {
    const result = mapDownstreamToUpstream(mapping, { upstream: region, downstream: multi, downstreamSubset: multi.subsetWithKeys(['2024-01-01|us', '2024-01-02|us']), context });
    expect(result.subset.keys()).toEqual(['us']);
    const affected = mapUpstreamToDownstream(mapping, { upstream: region, downstream: multi, upstreamSubset: region.subsetWithKeys(['eu']), context });
    expect(affected.keys()).toEqual(['2024-01-01|eu', '2024-01-02|eu', '2024-01-03|eu']);
  });

  it('maps a time dimension of another granularity through a time-window mapping', () => {
    const hourly = hourlyPartitionsDefinition({ start: '2024-01-01-00:00' });
    const result = mapDownstreamToUpstream(mapping, { upstream: hourly, downstream: multi, downstreamSubset: multi.subsetWithKeys(['2024-01-02|eu']), context });
    expect(result.subset.count()).toBe(24);
    const affected = mapUpstreamToDownstream(mapping, { upstream: hourly, downstream: multi, upstreamSubset: hourly.subsetWithKeys(['2024-01-03-05:00']), context });
    expect(affected.keys()).toEqual(['2024-01-03|eu', '2024-01-03|us']);
  });

  it('reports needed multi partitions that do not exist', () => {
    const late = multiPartitionsDefinition({ date: dailyPartitionsDefinition({ start: '2024-01-02' }), region });
    const result = mapDownstreamToUpstream(mapping, { upstream: late, downstream: date, downstreamSubset: date.subsetWithKeys(['2024-01-01', '2024-01-02']), context });
    expect(result.subset.keys()).toEqual(['2024-01-02|eu', '2024-01-02|us']);
    expect(result.requiredButNonexistentKeys).toEqual(['2024-01-01|eu', '2024-01-01|us']);
  });

  it('uses the named dimension when several match', () => {
    const twoRegions = multiPartitionsDefinition({ from: region, to: region });
    expect(() => validatePartitionMapping(twoRegions, region, mapping)).toThrow(/dimensions from, to all match/);
    const named = multiToSingleDimensionPartitionMapping('to');
    const result = mapDownstreamToUpstream(named, { upstream: twoRegions, downstream: region, downstreamSubset: region.subsetWithKeys(['us']), context });
    expect(result.subset.keys()).toEqual(['eu|us', 'us|us']);
  });

  it('says why a pair cannot be joined', () => {
    expect(() => validatePartitionMapping(multi, multi, mapping)).toThrow(/exactly one side must be multi-partitioned/);
    expect(() => validatePartitionMapping(multi, staticPartitionsDefinition(['x']), mapping)).toThrow(/is neither a dimension of/);
    expect(() => validatePartitionMapping(multi, date, multiToSingleDimensionPartitionMapping('planet'))).toThrow(/"planet" is not a dimension/);
    expect(() => validatePartitionMapping(region, undefined, mapping)).toThrow(/not partitioned/);
  });

  it('is the default between a multi definition and one of its dimensions', () => {
    expect(defaultPartitionMapping(multi, region).kind).toBe('multi-to-single-dimension');
    expect(defaultPartitionMapping(region, multi).kind).toBe('multi-to-single-dimension');
    expect(defaultPartitionMapping(multi, staticPartitionsDefinition(['x'])).kind).toBe('identity');
  });
});
