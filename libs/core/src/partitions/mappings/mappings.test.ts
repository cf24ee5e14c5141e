import { describe, expect, it } from 'vitest';
import { dailyPartitionsDefinition, dynamicPartitionsDefinition, hourlyPartitionsDefinition, staticPartitionsDefinition } from '../definitions.js';
import { IncompatiblePartitionMappingError } from '../errors.js';
import type { PartitionsDefinition, PartitionsSubset } from '../types.js';
import { defaultPartitionMapping } from './default-mapping.js';
import { mapDownstreamToUpstream, mapUpstreamToDownstream } from './map-partitions.js';
import {
  allPartitionMapping,
  identityPartitionMapping,
  lastPartitionMapping,
  partitionMappingFromJSON,
  partitionMappingToJSON,
  specificPartitionsPartitionMapping,
  staticPartitionMapping,
  timeWindowPartitionMapping,
  type PartitionMapping,
} from './partition-mapping.js';
import { validatePartitionMapping } from './validate-mapping.js';

const context = { now: new Date('2024-01-10T00:00:00Z') };
const daily = dailyPartitionsDefinition({ start: '2024-01-01' });

function up(mapping: PartitionMapping, upstream: PartitionsDefinition, downstream: PartitionsDefinition | undefined, keys?: string[]) {
  const downstreamSubset = downstream === undefined || keys === undefined ? undefined : downstream.subsetWithKeys(keys);
  const result = mapDownstreamToUpstream(mapping, { upstream, downstream, downstreamSubset, context });
  return { keys: result.subset.keys(), missing: result.requiredButNonexistentKeys };
}

function down(mapping: PartitionMapping, upstream: PartitionsDefinition, downstream: PartitionsDefinition, keys: string[]): string[] {
  const upstreamSubset: PartitionsSubset = upstream.subsetWithKeys(keys);
  return mapUpstreamToDownstream(mapping, { upstream, downstream, upstreamSubset, context }).keys();
}

describe('identity mapping', () => {
  it('maps equal definitions key for key', () => {
    expect(up(identityPartitionMapping(), daily, daily, ['2024-01-02', '2024-01-05'])).toEqual({ keys: ['2024-01-02', '2024-01-05'], missing: [] });
    expect(down(identityPartitionMapping(), daily, daily, ['2024-01-03'])).toEqual(['2024-01-03']);
  });

  it('reports keys the upstream does not have when only the bounds differ', () => {
    const lateUpstream = dailyPartitionsDefinition({ start: '2024-01-05' });
    expect(up(identityPartitionMapping(), lateUpstream, daily, ['2024-01-03', '2024-01-04', '2024-01-05', '2024-01-06'])).toEqual({
      keys: ['2024-01-05', '2024-01-06'],
      missing: ['2024-01-03', '2024-01-04'],
    });
    expect(down(identityPartitionMapping(), daily, lateUpstream, ['2024-01-04', '2024-01-05'])).toEqual(['2024-01-05']);
  });

  it('maps static subsets into a superset of keys', () => {
    const abc = staticPartitionsDefinition(['a', 'b', 'c']);
    const ab = staticPartitionsDefinition(['a', 'b']);
    expect(up(identityPartitionMapping(), abc, ab, ['b'])).toEqual({ keys: ['b'], missing: [] });
    expect(down(identityPartitionMapping(), abc, ab, ['a', 'c'])).toEqual(['a']);
  });

  it('refuses pairs whose keys cannot match, saying why', () => {
    const check = (upstream: PartitionsDefinition, downstream: PartitionsDefinition | undefined, message: RegExp) =>
      expect(() => validatePartitionMapping(upstream, downstream, identityPartitionMapping())).toThrow(message);
    check(staticPartitionsDefinition(['a', 'b']), staticPartitionsDefinition(['a', 'd']), /downstream keys "d" do not exist upstream/);
    check(daily, staticPartitionsDefinition(['a']), /upstream is time-window .* but downstream is static/);
    check(daily, hourlyPartitionsDefinition({ start: '2024-01-01-00:00' }), /make different keys; use a time-window mapping/);
    check(dynamicPartitionsDefinition('a'), dynamicPartitionsDefinition('b'), /"a" and "b" differ/);
    check(daily, undefined, /not partitioned/);
    expect(() => validatePartitionMapping(daily, staticPartitionsDefinition(['a']), identityPartitionMapping())).toThrow(IncompatiblePartitionMappingError);
  });
});

describe('time-window mapping', () => {
  it('shifts windows by start and end offsets', () => {
    expect(up(timeWindowPartitionMapping({ startOffset: -1 }), daily, daily, ['2024-01-05']).keys).toEqual(['2024-01-04', '2024-01-05']);
    expect(up(timeWindowPartitionMapping({ startOffset: -1, endOffset: -1 }), daily, daily, ['2024-01-05', '2024-01-06']).keys).toEqual(['2024-01-04', '2024-01-05']);
    expect(up(timeWindowPartitionMapping({ endOffset: 2 }), daily, daily, ['2024-01-05']).keys).toEqual(['2024-01-05', '2024-01-06', '2024-01-07']);
    // Shifts stop at the upstream's first window, as in Dagster.
    expect(up(timeWindowPartitionMapping({ startOffset: -3 }), daily, daily, ['2024-01-02'])).toEqual({ keys: ['2024-01-01', '2024-01-02'], missing: [] });
  });

  it('maps downstream windows outside the upstream as required but nonexistent', () => {
    const lateUpstream = dailyPartitionsDefinition({ start: '2024-01-03' });
    expect(up(timeWindowPartitionMapping(), lateUpstream, daily, ['2024-01-02', '2024-01-03'])).toEqual({ keys: ['2024-01-03'], missing: ['2024-01-02'] });
    expect(up(timeWindowPartitionMapping({ allowNonexistentUpstreamPartitions: true }), lateUpstream, daily, ['2024-01-02'])).toEqual({ keys: [], missing: [] });
  });

  it('maps between hourly and daily in both directions', () => {
    const hourly = hourlyPartitionsDefinition({ start: '2024-01-01-00:00' });
    expect(up(timeWindowPartitionMapping(), daily, hourly, ['2024-01-05-13:00', '2024-01-05-14:00']).keys).toEqual(['2024-01-05']);
    const hourKeys = up(timeWindowPartitionMapping(), hourly, daily, ['2024-01-05']).keys;
    expect(hourKeys).toHaveLength(24);
    expect([hourKeys[0], hourKeys[23]]).toEqual(['2024-01-05-00:00', '2024-01-05-23:00']);
    expect(up(timeWindowPartitionMapping({ startOffset: -1 }), hourly, daily, ['2024-01-05']).keys).toHaveLength(48);
    expect(down(timeWindowPartitionMapping(), hourly, daily, ['2024-01-05-13:00'])).toEqual(['2024-01-05']);
    expect(down(timeWindowPartitionMapping(), daily, hourly, ['2024-01-06'])).toHaveLength(24);
  });

  it('maps a 23-hour New York day to 23 hourly partitions', () => {
    const ny = { timezone: 'America/New_York' };
    const nyDaily = dailyPartitionsDefinition({ ...ny, start: '2024-03-01' });
    const nyHourly = hourlyPartitionsDefinition({ ...ny, start: '2024-03-01-00:00' });
    const result = mapDownstreamToUpstream(timeWindowPartitionMapping(), {
      upstream: nyHourly, downstream: nyDaily, downstreamSubset: nyDaily.subsetWithKeys(['2024-03-10']), context: { now: new Date('2024-04-01') },
    });
    expect(result.subset.count()).toBe(23);
  });

  it('maps upstream changes to the downstream partitions that read them', () => {
    // Downstream day D reads days D-1 and D: a change to day 5 affects days 5 and 6.
    expect(down(timeWindowPartitionMapping({ startOffset: -1 }), daily, daily, ['2024-01-05'])).toEqual(['2024-01-05', '2024-01-06']);
    // ...but never a day that does not exist yet.
    expect(down(timeWindowPartitionMapping({ startOffset: -1 }), daily, daily, ['2024-01-09'])).toEqual(['2024-01-09']);
  });

  it('refuses non-time definitions and different time zones', () => {
    expect(() => validatePartitionMapping(staticPartitionsDefinition(['a']), daily, timeWindowPartitionMapping())).toThrow(/upstream static partitions .* is not time-window partitioned/);
    expect(() => validatePartitionMapping(daily, staticPartitionsDefinition(['a']), timeWindowPartitionMapping())).toThrow(/downstream static/);
    expect(() => validatePartitionMapping(daily, dailyPartitionsDefinition({ start: '2024-01-01', timezone: 'Asia/Tokyo' }), timeWindowPartitionMapping())).toThrow(/time zones UTC \(upstream\) and Asia\/Tokyo \(downstream\) differ/);
    expect(() => timeWindowPartitionMapping({ startOffset: 0.5 })).toThrow(IncompatiblePartitionMappingError);
  });
});

describe('all, last, specific and static mappings', () => {
  const regions = staticPartitionsDefinition(['eu', 'us', 'apac']);

  it('all: every upstream partition; any upstream change reaches every downstream partition', () => {
    expect(up(allPartitionMapping(), daily, undefined).keys).toHaveLength(9);
    expect(up(allPartitionMapping(), regions, daily, ['2024-01-01']).keys).toEqual(['eu', 'us', 'apac']);
    expect(down(allPartitionMapping(), regions, daily, ['us'])).toHaveLength(9);
    expect(down(allPartitionMapping(), regions, daily, [])).toEqual([]);
  });

  it('last: the last upstream partition', () => {
    expect(up(lastPartitionMapping(), daily, undefined).keys).toEqual(['2024-01-09']);
    expect(down(lastPartitionMapping(), daily, regions, ['2024-01-09'])).toEqual(['eu', 'us', 'apac']);
    expect(down(lastPartitionMapping(), daily, regions, ['2024-01-08'])).toEqual([]);
  });

  it('specific: always the given keys; ones that do not exist yet are reported', () => {
    expect(up(specificPartitionsPartitionMapping(['2024-01-02', '2024-02-01']), daily, regions, ['eu'])).toEqual({ keys: ['2024-01-02'], missing: ['2024-02-01'] });
    expect(down(specificPartitionsPartitionMapping(['2024-01-02']), daily, regions, ['2024-01-02'])).toHaveLength(3);
    expect(down(specificPartitionsPartitionMapping(['2024-01-02']), daily, regions, ['2024-01-03'])).toEqual([]);
    expect(() => validatePartitionMapping(daily, regions, specificPartitionsPartitionMapping(['2024/01/02']))).toThrow(/"2024\/01\/02" cannot be partitions of the upstream/);
  });

  it('static: an explicit key map in both directions', () => {
    const tiers = staticPartitionsDefinition(['gold', 'silver']);
    const mapping = staticPartitionMapping({ eu: 'gold', us: ['gold', 'silver'], apac: 'silver' });
    expect(up(mapping, regions, tiers, ['gold']).keys).toEqual(['eu', 'us']);
    expect(up(mapping, regions, tiers, ['silver']).keys).toEqual(['us', 'apac']);
    expect(down(mapping, regions, tiers, ['eu'])).toEqual(['gold']);
    expect(down(mapping, regions, tiers, ['us'])).toEqual(['gold', 'silver']);
    expect(() => validatePartitionMapping(regions, tiers, staticPartitionMapping({ mars: 'gold' }))).toThrow(/source keys "mars" are not in the upstream/);
    expect(() => validatePartitionMapping(regions, tiers, staticPartitionMapping({ eu: 'bronze' }))).toThrow(/target keys "bronze" are not in the downstream/);
    expect(() => validatePartitionMapping(daily, tiers, mapping)).toThrow(/upstream time-window .* is not static/);
  });
});

describe('default mapping and JSON', () => {
  it('infers the mapping as Dagster does', () => {
    const hourly = hourlyPartitionsDefinition({ start: '2024-01-01-00:00' });
    expect(defaultPartitionMapping(daily, undefined).kind).toBe('all');
    expect(defaultPartitionMapping(daily, hourly).kind).toBe('time-window');
    expect(defaultPartitionMapping(staticPartitionsDefinition(['a']), staticPartitionsDefinition(['a'])).kind).toBe('identity');
  });

  it.each<PartitionMapping>([
    identityPartitionMapping(),
    timeWindowPartitionMapping({ startOffset: -2, endOffset: 1, allowNonexistentUpstreamPartitions: true }),
    allPartitionMapping(),
    lastPartitionMapping(),
    staticPartitionMapping({ a: 'x', b: ['x', 'y'] }),
    specificPartitionsPartitionMapping(['k']),
  ])('round-trips %o through JSON', (mapping) => {
    const json = JSON.parse(JSON.stringify(partitionMappingToJSON(mapping)));
    expect(partitionMappingFromJSON(json)).toEqual(mapping);
  });

  it('rejects malformed mapping JSON', () => {
    expect(() => partitionMappingFromJSON({ kind: 'time-window', startOffset: 'x' })).toThrow(IncompatiblePartitionMappingError);
  });
});
