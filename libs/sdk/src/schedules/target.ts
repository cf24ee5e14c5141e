import { AssetSelection, type AssetSelectionLike } from '@orrery/core';
import { InvalidDefinitionError } from '../errors.js';
import type { JobDefinition } from '../jobs/job.js';

/**
 * What a schedule or sensor runs: a job (by definition or name), or a selection of
 * assets, for which `defineDefinitions` creates an implicit asset job.
 */
export type InstigatorTarget =
  | { readonly kind: 'job'; readonly job: JobDefinition | string }
  | { readonly kind: 'selection'; readonly selection: AssetSelection };

/** Name of the implicit asset job of a schedule or sensor targeting a selection (as Dagster names it). */
export function implicitJobName(instigatorName: string): string {
  return `__anonymous_asset_job_${instigatorName}`;
}

/** The target of `{ job | selection }` options; exactly one must be given (unless `optional`). */
export function toTarget(
  what: string,
  options: { readonly job?: JobDefinition | string; readonly selection?: AssetSelectionLike },
  optional = false,
): InstigatorTarget | undefined {
  if (options.job !== undefined && options.selection !== undefined) throw new InvalidDefinitionError(what, 'give job or selection, not both');
  if (options.job !== undefined) return { kind: 'job', job: options.job };
  if (options.selection !== undefined) {
    try {
      return { kind: 'selection', selection: AssetSelection.from(options.selection) };
    } catch (error) {
      throw new InvalidDefinitionError(what, `invalid selection: ${(error as Error).message}`, { cause: error });
    }
  }
  if (optional) return undefined;
  throw new InvalidDefinitionError(what, 'a job or a selection is required');
}

/** The job name a target runs (the implicit job's for a selection). */
export function targetJobName(instigatorName: string, target: InstigatorTarget): string {
  if (target.kind === 'selection') return implicitJobName(instigatorName);
  return typeof target.job === 'string' ? target.job : target.job.name;
}

/** The default status of a schedule or sensor when first seen by the instance. */
export type DefaultStatus = 'RUNNING' | 'STOPPED';

/** Validates a default status (default STOPPED, as Dagster). */
export function toDefaultStatus(what: string, status: unknown): DefaultStatus {
  if (status === undefined) return 'STOPPED';
  if (status !== 'RUNNING' && status !== 'STOPPED') throw new InvalidDefinitionError(what, 'defaultStatus is RUNNING or STOPPED');
  return status;
}
