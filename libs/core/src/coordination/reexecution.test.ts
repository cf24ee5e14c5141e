import { describe, expect, it } from 'vitest';
import type { RunBody, RunRecord } from '../runs/records.js';
import { planReexecution, ReexecutionNotAllowedError, stepOutcomesFromEvents, type ReexecutionJobStep } from './reexecution.js';

const at = new Date('2024-05-01T00:00:00Z');

function run(fields: Partial<RunRecord> = {}): RunRecord {
  return {
    runId: 'parent-run',
    jobName: 'daily',
    status: 'FAILURE',
    locationName: 'warehouse',
    snapshotId: 'snap-1',
    partitionKey: '2024-04-30',
    backfillId: null,
    parentRunId: null,
    rootRunId: null,
    attempt: 1,
    failureReason: 'STEP_FAILURE',
    tags: { team: 'data', 'orrery/partition': '2024-04-30', 'orrery/failure_reason': 'STEP_FAILURE', 'orrery/will_retry': 'true' },
    body: { runConfig: { ops: { orders: { config: { limit: 3 } } } } },
    createdAt: at,
    updatedAt: at,
    startedAt: at,
    endedAt: at,
    ...fields,
  };
}

// raw/orders → orders_clean → report, and split materializing big and small in one step.
const assetSteps: ReexecutionJobStep[] = [
  { stepKey: 'raw__orders', assetKeys: ['raw/orders'] },
  { stepKey: 'orders_clean', assetKeys: ['orders_clean'] },
  { stepKey: 'split', assetKeys: ['big', 'small'] },
  { stepKey: 'report', assetKeys: ['report'] },
];

const opSteps: ReexecutionJobStep[] = [
  { stepKey: 'list_files', assetKeys: [] },
  { stepKey: 'parse', assetKeys: [] },
  { stepKey: 'total', assetKeys: [] },
];

const ev = (type: string, stepKey: string | null = null) => ({ type, stepKey });

describe('stepOutcomesFromEvents', () => {
  it('takes the last settling event of each step and ignores run-level events', () => {
    const outcomes = stepOutcomesFromEvents([
      ev('RUN_START'),
      ev('ASSET_MATERIALIZATION_PLANNED', 'report'),
      ev('STEP_START', 'raw__orders'),
      ev('STEP_SUCCESS', 'raw__orders'),
      ev('STEP_START', 'orders_clean'),
      ev('STEP_FAILURE', 'orders_clean'),
      ev('STEP_SKIPPED', 'report'),
      ev('RUN_FAILURE'),
    ]);
    expect(Object.fromEntries(outcomes)).toEqual({ raw__orders: 'success', orders_clean: 'failure', report: 'skipped' });
  });

  it('counts a step retried after a failure by its last attempt', () => {
    const retried = stepOutcomesFromEvents([ev('STEP_START', 'a'), ev('STEP_UP_FOR_RETRY', 'a'), ev('STEP_RESTARTED', 'a'), ev('STEP_SUCCESS', 'a')]);
    expect(retried.get('a')).toBe('success');
    const pending = stepOutcomesFromEvents([ev('STEP_START', 'a'), ev('STEP_FAILURE', 'a'), ev('STEP_UP_FOR_RETRY', 'a')]);
    expect(pending.get('a')).toBe('not_run');
  });

  it('marks a step that started but never settled, or only logged, as not run', () => {
    const outcomes = stepOutcomesFromEvents([ev('STEP_START', 'a'), ev('LOG_MESSAGE', 'a'), ev('LOADED_INPUT', 'b')]);
    expect(Object.fromEntries(outcomes)).toEqual({ a: 'not_run', b: 'not_run' });
  });

  it('does not let a later informational event undo an outcome', () => {
    const outcomes = stepOutcomesFromEvents([ev('STEP_SUCCESS', 'a'), ev('LOGS_CAPTURED', 'a'), ev('HANDLED_OUTPUT', 'a')]);
    expect(outcomes.get('a')).toBe('success');
  });
});

describe('planReexecution: from failure', () => {
  it('selects the assets of every step that did not succeed (failed, skipped, never ran)', () => {
    const stepOutcomes = stepOutcomesFromEvents([ev('STEP_SUCCESS', 'raw__orders'), ev('STEP_FAILURE', 'orders_clean'), ev('STEP_SKIPPED', 'report')]);
    const child = planReexecution({ parent: run(), strategy: 'FROM_FAILURE', stepOutcomes, jobSteps: assetSteps });
    expect(child.body).toEqual({
      runConfig: { ops: { orders: { config: { limit: 3 } } } },
      assetSelection: ['big', 'orders_clean', 'report', 'small'],
      reexecution: { parentRunId: 'parent-run', strategy: 'FROM_FAILURE' },
    });
  });

  it('keeps job, location, snapshot, partition, and links parent and root as columns and tags', () => {
    const stepOutcomes = new Map([['raw__orders', 'failure' as const]]);
    const child = planReexecution({ parent: run({ rootRunId: 'root-run' }), strategy: 'FROM_FAILURE', stepOutcomes, jobSteps: assetSteps });
    expect(child).toMatchObject({
      jobName: 'daily',
      status: 'QUEUED',
      locationName: 'warehouse',
      snapshotId: 'snap-1',
      partitionKey: '2024-04-30',
      parentRunId: 'parent-run',
      rootRunId: 'root-run',
    });
    expect(child.runId).toBeUndefined();
    expect(child.tags).toEqual({
      team: 'data',
      'orrery/partition': '2024-04-30',
      'orrery/parent_run_id': 'parent-run',
      'orrery/root_run_id': 'root-run',
    });
  });

  it('makes a root run the root of its child, and lays extra tags over the parent\'s', () => {
    const child = planReexecution({
      parent: run(),
      strategy: 'FROM_FAILURE',
      stepOutcomes: new Map(),
      jobSteps: assetSteps,
      extraTags: { team: 'platform', 'orrery/retry_number': '1', 'orrery/parent_run_id': 'forged' },
    });
    expect(child.rootRunId).toBe('parent-run');
    expect(child.tags).toMatchObject({ team: 'platform', 'orrery/retry_number': '1', 'orrery/parent_run_id': 'parent-run', 'orrery/root_run_id': 'parent-run' });
  });

  it('stays within the parent\'s own asset selection', () => {
    const parent = run({ body: { runConfig: {}, assetSelection: ['orders_clean', 'small'] } });
    const child = planReexecution({ parent, strategy: 'FROM_FAILURE', stepOutcomes: new Map([['orders_clean', 'success' as const]]), jobSteps: assetSteps });
    expect(child.body['assetSelection']).toEqual(['small']);
  });

  it('carries the parent\'s partition range', () => {
    const parent = run({ partitionKey: null, body: { runConfig: {}, partitionKeyRange: { start: '2024-04-01', end: '2024-04-03' } } });
    const child = planReexecution({ parent, strategy: 'FROM_FAILURE', stepOutcomes: new Map(), jobSteps: assetSteps });
    expect(child.body['partitionKeyRange']).toEqual({ start: '2024-04-01', end: '2024-04-03' });
    expect(child.partitionKey).toBeNull();
  });

  it('selects op steps by alias; a mapped op with a failed instance runs again, one whose instances all succeeded does not', () => {
    const failedInstance = stepOutcomesFromEvents([
      ev('STEP_SUCCESS', 'list_files'), ev('STEP_SUCCESS', 'parse[a]'), ev('STEP_FAILURE', 'parse[b]'),
    ]);
    const first = planReexecution({ parent: run(), strategy: 'FROM_FAILURE', stepOutcomes: failedInstance, jobSteps: opSteps });
    expect(first.body['stepSelection']).toEqual(['parse', 'total']);
    expect(first.body['assetSelection']).toBeUndefined();

    const instancesDone = stepOutcomesFromEvents([ev('STEP_SUCCESS', 'list_files'), ev('STEP_SUCCESS', 'parse[a]'), ev('STEP_FAILURE', 'total')]);
    const second = planReexecution({ parent: run(), strategy: 'FROM_FAILURE', stepOutcomes: instancesDone, jobSteps: opSteps });
    expect(second.body['stepSelection']).toEqual(['total']);
  });

  it('stays within the parent\'s own step selection', () => {
    const parent = run({ body: { runConfig: {}, stepSelection: ['parse', 'total'] } });
    const child = planReexecution({ parent, strategy: 'FROM_FAILURE', stepOutcomes: new Map([['parse', 'success' as const]]), jobSteps: opSteps });
    expect(child.body['stepSelection']).toEqual(['total']);
  });

  it('refuses a run that did not fail, and one whose every step succeeded', () => {
    const plan = (status: RunRecord['status'], outcomes: [string, 'success'][] = []) => () =>
      planReexecution({ parent: run({ status }), strategy: 'FROM_FAILURE', stepOutcomes: new Map(outcomes), jobSteps: opSteps });
    expect(plan('SUCCESS')).toThrow(ReexecutionNotAllowedError);
    expect(plan('CANCELED')).toThrow(/CANCELED, not FAILURE/);
    try {
      plan('FAILURE', [['list_files', 'success'], ['parse', 'success'], ['total', 'success']])();
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ReexecutionNotAllowedError);
      expect((error as ReexecutionNotAllowedError).refusal).toBe('NOTHING_TO_REEXECUTE');
      expect((error as ReexecutionNotAllowedError).httpStatus).toBe(400);
    }
  });
});

describe('planReexecution: all steps', () => {
  it('re-runs the whole job of a successful run, with no selection', () => {
    const body: RunBody = { runConfig: { x: 1 } };
    const child = planReexecution({ parent: run({ status: 'SUCCESS', body }), strategy: 'ALL_STEPS', stepOutcomes: new Map(), jobSteps: assetSteps });
    expect(child.body).toEqual({ runConfig: { x: 1 }, reexecution: { parentRunId: 'parent-run', strategy: 'ALL_STEPS' } });
  });

  it('re-runs the parent\'s own selection', () => {
    const parent = run({ status: 'CANCELED', body: { runConfig: {}, assetSelection: ['report'] } });
    const child = planReexecution({ parent, strategy: 'ALL_STEPS', stepOutcomes: new Map([['report', 'success' as const]]), jobSteps: assetSteps });
    expect(child.body['assetSelection']).toEqual(['report']);
  });

  it('refuses a run that has not finished, as a conflict', () => {
    for (const status of ['QUEUED', 'STARTED', 'CANCELING'] as const) {
      try {
        planReexecution({ parent: run({ status }), strategy: 'ALL_STEPS', stepOutcomes: new Map(), jobSteps: assetSteps });
        expect.unreachable();
      } catch (error) {
        expect((error as ReexecutionNotAllowedError).refusal).toBe('NOT_FINISHED');
        expect((error as ReexecutionNotAllowedError).httpStatus).toBe(409);
      }
    }
  });
});
