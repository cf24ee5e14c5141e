import { OrreryError } from '@orrery/contracts';
import type { JsonObject, JsonValue, NewRun, RunBody, RunRecord, RunTags } from '../runs/records.js';
import { isFinishedRunStatus, type RunStatus } from '../runs/run-status.js';
import { COORDINATION_RUN_TAGS as TAGS } from './run-tags.js';

/** How a step of a finished run ended, read from its events. */
export type RunStepOutcome = 'success' | 'failure' | 'skipped' | 'not_run';

/** What a re-execution runs again: the steps that did not succeed, or every step. */
export type ReexecutionStrategy = 'FROM_FAILURE' | 'ALL_STEPS';

/** A step of the parent's job: its key as the engine emits it, and the assets it materializes. */
export interface ReexecutionJobStep {
  /** Asset jobs: the asset's `computation.stepName`. Op jobs: the op alias (mapped instances are `alias[key]`). */
  readonly stepKey: string;
  /** `a/b` keys; empty for op steps. An asset job is one whose steps name assets. */
  readonly assetKeys: readonly string[];
  /**
   * Op steps that must run with this one in a re-execution: the dynamic output it is mapped
   * over, the mapped op it collects (their outputs are per run, so they run again too).
   */
  readonly requires?: readonly string[];
}

/** Input of {@link planReexecution}. */
export interface PlanReexecutionInput {
  /** The run to re-execute. Must be finished; FAILURE for FROM_FAILURE. */
  readonly parent: RunRecord;
  readonly strategy: ReexecutionStrategy;
  /** From {@link stepOutcomesFromEvents} over the parent's events; missing steps count as not run. */
  readonly stepOutcomes: ReadonlyMap<string, RunStepOutcome>;
  /** Every step of the parent's job (the parent's own selection narrows it). */
  readonly jobSteps: readonly ReexecutionJobStep[];
  /** Tags set on the child over the parent's (e.g. an automatic retry's `orrery/retry_number`). */
  readonly extraTags?: RunTags;
}

/** A run planned by {@link planReexecution}: a NewRun whose body and tags are always set. */
export type ReexecutionRun = NewRun & { body: RunBody; tags: RunTags };

/** Why a run cannot be re-executed as asked. */
export type ReexecutionRefusal = 'NOT_FINISHED' | 'NOT_FAILED' | 'NOTHING_TO_REEXECUTE';

/**
 * Thrown by {@link planReexecution}: the parent is still going (409), or a FROM_FAILURE
 * re-execution of a run that did not fail, or that has no step left to run (400).
 */
export class ReexecutionNotAllowedError extends OrreryError<'CONFLICT' | 'VALIDATION_FAILED', { runId: string; refusal: ReexecutionRefusal }> {
  constructor(
    readonly runId: string,
    readonly refusal: ReexecutionRefusal,
    message: string,
  ) {
    super(refusal === 'NOT_FINISHED' ? 'CONFLICT' : 'VALIDATION_FAILED', { message, details: { runId, refusal } });
  }
}

/** Tags describing how the parent ended: a child inheriting them would look already retried or failed. */
const OUTCOME_TAGS: ReadonlySet<string> = new Set([TAGS.willRetry, TAGS.autoRetryRunId, TAGS.failureReason]);

/**
 * The outcome of every step that has events, by step key, from a run's events in storage
 * order. The last event that settles a step wins: a failed attempt followed by
 * STEP_UP_FOR_RETRY / STEP_RESTARTED / STEP_START is pending again (`not_run`) until its
 * next STEP_SUCCESS, STEP_FAILURE or STEP_SKIPPED. A step with events but no outcome (the
 * run died under it) is `not_run`; steps without any event are absent.
 */
export function stepOutcomesFromEvents(events: readonly { readonly type: string; readonly stepKey: string | null }[]): Map<string, RunStepOutcome> {
  const outcomes = new Map<string, RunStepOutcome>();
  for (const { type, stepKey } of events) {
    if (stepKey === null) continue;
    const outcome = outcomeOfEvent(type);
    if (outcome !== undefined) outcomes.set(stepKey, outcome);
    else if (!outcomes.has(stepKey)) outcomes.set(stepKey, 'not_run');
  }
  return outcomes;
}

function outcomeOfEvent(type: string): RunStepOutcome | undefined {
  switch (type) {
    case 'STEP_SUCCESS':
      return 'success';
    case 'STEP_FAILURE':
      return 'failure';
    case 'STEP_SKIPPED':
      return 'skipped';
    case 'STEP_START':
    case 'STEP_UP_FOR_RETRY':
    case 'STEP_RESTARTED':
      return 'not_run';
    default:
      return undefined;
  }
}

/**
 * The child run re-executing `parent` (Dagster's `ReexecutionOptions`): QUEUED, same job,
 * location, snapshot, partition and run config, parent and root run ids as columns and
 * tags (`orrery/parent_run_id`, `orrery/root_run_id`), the parent's tags otherwise (less
 * its outcome tags), then `extraTags`. The body says what runs:
 * - ALL_STEPS: the parent's own selection again (none: the whole job);
 * - FROM_FAILURE: the steps of the parent's selection that did not succeed — for asset
 *   jobs as `assetSelection` (the assets of those steps), for op jobs as `stepSelection`
 *   (op aliases; a mapped op runs again whole when any of its instances did not succeed).
 * Throws {@link ReexecutionNotAllowedError}. Pure: the caller inserts the run.
 */
export function planReexecution(input: PlanReexecutionInput): ReexecutionRun {
  const { parent, strategy } = input;
  if (!isFinishedRunStatus(parent.status)) {
    throw new ReexecutionNotAllowedError(parent.runId, 'NOT_FINISHED', `run ${parent.runId} is ${parent.status}; only a finished run can be re-executed`);
  }
  const body: RunBody = { runConfig: parent.body.runConfig };
  if (parent.body['partitionKeyRange'] !== undefined) body['partitionKeyRange'] = parent.body['partitionKeyRange'];
  Object.assign(body, strategy === 'ALL_STEPS' ? parentSelection(parent.body) : fromFailureSelection(input));
  body['reexecution'] = { parentRunId: parent.runId, strategy };

  const rootRunId = parent.rootRunId ?? parent.runId;
  const tags: Record<string, string> = {};
  for (const [key, value] of Object.entries(parent.tags)) if (!OUTCOME_TAGS.has(key)) tags[key] = value;
  Object.assign(tags, input.extraTags ?? {});
  tags[TAGS.parentRunId] = parent.runId;
  tags[TAGS.rootRunId] = rootRunId;

  return {
    jobName: parent.jobName,
    status: 'QUEUED',
    locationName: parent.locationName,
    snapshotId: parent.snapshotId,
    partitionKey: parent.partitionKey,
    parentRunId: parent.runId,
    rootRunId,
    tags,
    body,
  };
}

/** The selection fields of a run body, copied. */
function parentSelection(body: RunBody): JsonObject {
  const selection: JsonObject = {};
  const assets = stringList(body['assetSelection']);
  const steps = stringList(body['stepSelection']);
  if (assets !== undefined) selection['assetSelection'] = assets;
  if (steps !== undefined) selection['stepSelection'] = steps;
  return selection;
}

function fromFailureSelection(input: PlanReexecutionInput): JsonObject {
  const { parent, stepOutcomes, jobSteps } = input;
  if (parent.status !== 'FAILURE') {
    throw new ReexecutionNotAllowedError(parent.runId, 'NOT_FAILED', notFailedMessage(parent.runId, parent.status));
  }
  const isAssetJob = jobSteps.some((step) => step.assetKeys.length > 0);
  const selection: JsonObject = {};
  if (isAssetJob) {
    const parentAssets = stringList(parent.body['assetSelection']);
    const within = parentAssets === undefined ? undefined : new Set(parentAssets);
    const assets: string[] = [];
    for (const step of jobSteps) {
      const ran = step.assetKeys.filter((key) => within === undefined || within.has(key));
      if (ran.length > 0 && outcomeOfStep(step.stepKey, stepOutcomes) !== 'success') assets.push(...ran);
    }
    selection['assetSelection'] = [...new Set(assets)].sort();
  } else {
    const parentSteps = stringList(parent.body['stepSelection']);
    const within = parentSteps === undefined ? undefined : new Set(parentSteps);
    const failed = jobSteps
      .filter((step) => (within === undefined || within.has(step.stepKey)) && outcomeOfStep(step.stepKey, stepOutcomes) !== 'success')
      .map((step) => step.stepKey);
    selection['stepSelection'] = withRequiredSteps(failed, jobSteps);
  }
  const chosen = (selection['assetSelection'] ?? selection['stepSelection']) as JsonValue[];
  if (chosen.length === 0) {
    throw new ReexecutionNotAllowedError(parent.runId, 'NOTHING_TO_REEXECUTE', `every step of run ${parent.runId} succeeded; nothing to re-execute from failure`);
  }
  return selection;
}

/** `selected` plus every step they require, transitively, in job order. */
function withRequiredSteps(selected: readonly string[], jobSteps: readonly ReexecutionJobStep[]): string[] {
  const requires = new Map(jobSteps.map((step) => [step.stepKey, step.requires ?? []]));
  const chosen = new Set<string>();
  const visit = (stepKey: string) => {
    if (chosen.has(stepKey)) return;
    chosen.add(stepKey);
    for (const required of requires.get(stepKey) ?? []) visit(required);
  };
  selected.forEach(visit);
  return jobSteps.map((step) => step.stepKey).filter((stepKey) => chosen.has(stepKey));
}

function notFailedMessage(runId: string, status: RunStatus): string {
  return `run ${runId} is ${status}, not FAILURE; re-execute it with ALL_STEPS instead of FROM_FAILURE`;
}

/**
 * The outcome of a job step: its own, or, for a mapped op (instances `alias[key]`), success
 * only when it has instances and every one succeeded.
 */
function outcomeOfStep(stepKey: string, outcomes: ReadonlyMap<string, RunStepOutcome>): RunStepOutcome {
  const own = outcomes.get(stepKey);
  if (own !== undefined) return own;
  const prefix = `${stepKey}[`;
  let instances = 0;
  let worst: RunStepOutcome = 'success';
  for (const [key, outcome] of outcomes) {
    if (!key.startsWith(prefix) || !key.endsWith(']')) continue;
    instances++;
    if (outcome === 'failure' || (outcome !== 'success' && worst === 'success')) worst = outcome;
  }
  return instances === 0 ? 'not_run' : worst;
}

function stringList(value: JsonValue | undefined): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : undefined;
}
