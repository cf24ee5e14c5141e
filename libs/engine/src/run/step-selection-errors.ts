import { OrreryError } from '@orrery/contracts';

/** A run was given a step selection, but its job is an asset job: those re-execute by asset selection. */
export class StepSelectionOfAssetJobError extends OrreryError<'VALIDATION_FAILED', { job: string }> {
  constructor(readonly job: string) {
    super('VALIDATION_FAILED', {
      message: `job ${job} is an asset job: it takes an asset selection, not a step selection`,
      details: { job },
    });
  }
}

/** A step selection is empty, or names steps the op job does not have. */
export class UnknownStepSelectionError extends OrreryError<'VALIDATION_FAILED', { job: string; unknownStepKeys: string[] }> {
  constructor(
    readonly job: string,
    readonly unknownStepKeys: string[],
  ) {
    super('VALIDATION_FAILED', {
      message:
        unknownStepKeys.length === 0
          ? `the step selection of job ${job} is empty: select at least one step`
          : `job ${job} has no step ${unknownStepKeys.join(', ')}`,
      details: { job, unknownStepKeys },
    });
  }
}

/** A selected step and the unselected step whose dynamic or mapped outputs it needs. */
export interface UnselectedDynamicUpstream {
  readonly step: string;
  readonly upstream: string;
}

/**
 * A selected step is mapped over, or collects, the items of a step that is not selected.
 * Mapping keys are not stored with a run, so the step yielding them must run again.
 */
export class UnselectedDynamicUpstreamError extends OrreryError<'VALIDATION_FAILED', { job: string; missing: UnselectedDynamicUpstream[] }> {
  constructor(
    readonly job: string,
    readonly missing: UnselectedDynamicUpstream[],
  ) {
    super('VALIDATION_FAILED', {
      message: `the step selection of job ${job} needs the dynamic items of unselected steps (select them too): ${missing
        .map(({ step, upstream }) => `${step} needs ${upstream}`)
        .join(', ')}`,
      details: { job, missing },
    });
  }
}

/**
 * Selected steps read outputs of steps that do not run, but no parent run was given to
 * load them from. `inputs` reads `step.input (from upstream.output)`.
 */
export class ParentRunRequiredError extends OrreryError<'VALIDATION_FAILED', { job: string; inputs: string[] }> {
  constructor(
    readonly job: string,
    readonly inputs: string[],
  ) {
    super('VALIDATION_FAILED', {
      message: `inputs of job ${job} come from steps outside the step selection; give parentRunId to load them from the parent run: ${inputs.join(', ')}`,
      details: { job, inputs },
    });
  }
}
