// Loading a 10,000-asset code location: building the asset definitions, validating the
// whole graph and producing its content-addressed snapshot (goal ≤ 1 s together).
import { defineDefinitions } from '@orrery/sdk';
import { measure, ms, type ResultRow } from './lib/measure.js';
import { syntheticAssets } from './lib/synthetic-definitions.js';

export async function run(): Promise<ResultRow[]> {
  let snapshotId = '';
  const result = await measure('definitions', () => {
    snapshotId = defineDefinitions({ assets: syntheticAssets(10_000) }).snapshotId;
  }, { iterations: 7, warmup: 2 });
  return [{
    benchmark: `load + validate + snapshot 10,000 assets (snapshot ${snapshotId.slice(0, 8)})`,
    figure: ms(result.median), goal: '≤ 1 s', met: result.median <= 1000,
  }];
}
