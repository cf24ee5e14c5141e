import { AssetSelection, type AssetKey } from '@orrery/core';
import { defineAssetJob } from '../jobs/job.js';
import { defineDefinitions } from './define-definitions.js';
import type { Definitions } from './definitions.js';

/**
 * Name of the implicit job of a run that names assets but no job (Dagster's `__ASSET_JOB`):
 * "materialize these assets" from the API or the UI.
 */
export const IMPLICIT_ASSET_JOB_NAME = '__ASSET_JOB';

/**
 * The definitions plus an asset job `__ASSET_JOB` over exactly `selection`, so that its
 * partitions are those the selected assets share (Dagster plans such runs the same way).
 * Throws DefinitionsError when the selection cannot make one job (e.g. assets with different
 * partitions definitions).
 */
export function withImplicitAssetJob(definitions: Definitions, selection: readonly AssetKey[]): Definitions {
  const [first, ...rest] = selection;
  if (first === undefined) throw new RangeError(`a run of ${IMPLICIT_ASSET_JOB_NAME} must select at least one asset`);
  return defineDefinitions({
    assets: definitions.assetsDefinitions,
    assetChecks: definitions.assetChecks,
    resources: Object.fromEntries(definitions.resources),
    executor: definitions.executor,
    jobs: [defineAssetJob({ name: IMPLICIT_ASSET_JOB_NAME, selection: AssetSelection.keys(first, ...rest) })],
  });
}
