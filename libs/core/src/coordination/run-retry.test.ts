import { instanceConfigSchema, type RunRetriesConfig } from '@orrery/contracts';
import { describe, expect, it } from 'vitest';
import type { RunTags } from '../runs/records.js';
import type { RunFailureReason, RunStatus } from '../runs/run-status.js';
import { decideRunRetry, type RetryCandidateRun } from './run-retry.js';

const retries: RunRetriesConfig = { enabled: true, maxRetries: 2, retryOnAssetOrOpFailure: true, strategy: 'FROM_FAILURE' };

function failed(fields: { status?: RunStatus; failureReason?: RunFailureReason | null; rootRunId?: string | null } = {}): RetryCandidateRun {
  return { runId: 'child-run', status: 'FAILURE', failureReason: 'RUN_EXCEPTION', rootRunId: null, ...fields };
}

const decide = (tags: RunTags, run = failed(), instanceDefault = retries) => decideRunRetry({ run, tags, instanceDefault });

describe('decideRunRetry: whether to retry', () => {
  it('retries a failed root run as retry 1, with itself as parent and root', () => {
    expect(decide({ team: 'data' })).toEqual({
      retry: true,
      maxRetries: 2,
      retryNumber: 1,
      strategy: 'FROM_FAILURE',
      parentRunId: 'child-run',
      rootRunId: 'child-run',
      tags: { team: 'data', 'orrery/retry_number': '1', 'orrery/parent_run_id': 'child-run', 'orrery/root_run_id': 'child-run' },
      problems: [],
    });
  });

  it('counts retries made from orrery/retry_number and keeps the chain\'s root', () => {
    const run = failed({ rootRunId: 'root-run' });
    expect(decide({ 'orrery/retry_number': '1' }, run)).toMatchObject({ retry: true, retryNumber: 2, parentRunId: 'child-run', rootRunId: 'root-run' });
    expect(decide({ 'orrery/retry_number': '2' }, run)).toEqual({ retry: false, reason: 'RETRIES_EXHAUSTED', message: 'exceeded max retries of 2' });
  });

  it('takes max retries from orrery/max_retries over the instance default, in both directions', () => {
    expect(decide({ 'orrery/max_retries': '5', 'orrery/retry_number': '4' })).toMatchObject({ retry: true, maxRetries: 5, retryNumber: 5 });
    expect(decide({ 'orrery/max_retries': '5', 'orrery/retry_number': '5' })).toMatchObject({ retry: false, reason: 'RETRIES_EXHAUSTED' });
    expect(decide({ 'orrery/max_retries': '0' })).toMatchObject({ retry: false, reason: 'NO_RETRIES' });
    expect(decide({}, failed(), { ...retries, maxRetries: 0 })).toMatchObject({ retry: false, reason: 'NO_RETRIES' });
    expect(decide({ 'orrery/max_retries': '1' }, failed(), { ...retries, maxRetries: 0 })).toMatchObject({ retry: true, maxRetries: 1 });
  });

  it.each(['three', '-1', '1.5', ''])('does not retry when orrery/max_retries is %j', (value) => {
    const decision = decide({ 'orrery/max_retries': value });
    expect(decision).toMatchObject({ retry: false, reason: 'INVALID_MAX_RETRIES' });
    expect(decision.retry === false && decision.message).toContain('orrery/max_retries');
  });

  it('does not retry when orrery/retry_number is unreadable', () => {
    expect(decide({ 'orrery/retry_number': 'x' })).toMatchObject({ retry: false, reason: 'INVALID_RETRY_NUMBER' });
  });

  it.each(['SUCCESS', 'CANCELED', 'STARTED', 'QUEUED'] as const)('retries only FAILURE runs, not %s', (status) => {
    expect(decide({}, failed({ status, failureReason: null }))).toMatchObject({ retry: false, reason: 'NOT_FAILED' });
  });

  it('does nothing when run retries are disabled, even with a max_retries tag', () => {
    expect(decide({ 'orrery/max_retries': '3' }, failed(), { ...retries, enabled: false })).toMatchObject({ retry: false, reason: 'RETRIES_DISABLED' });
  });

  it('creates one retry per run: a run with orrery/auto_retry_run_id is not retried again', () => {
    expect(decide({ 'orrery/auto_retry_run_id': 'retry-1' })).toEqual({
      retry: false, reason: 'ALREADY_RETRIED', message: 'the run was already retried as retry-1',
    });
  });
});

describe('decideRunRetry: retry_on_asset_or_op_failure', () => {
  const noStepRetries = { ...retries, retryOnAssetOrOpFailure: false };

  it('skips step failures when false, but still retries crashes and other failures', () => {
    expect(decide({}, failed({ failureReason: 'STEP_FAILURE' }), noStepRetries)).toMatchObject({ retry: false, reason: 'STEP_FAILURE_NOT_RETRIED' });
    for (const failureReason of ['UNEXPECTED_TERMINATION', 'RUN_EXCEPTION', 'START_TIMEOUT', null] as const) {
      expect(decide({}, failed({ failureReason }), noStepRetries)).toMatchObject({ retry: true });
    }
  });

  it('retries step failures by default', () => {
    expect(decide({}, failed({ failureReason: 'STEP_FAILURE' }))).toMatchObject({ retry: true });
  });

  it('lets the orrery/retry_on_asset_or_op_failure tag override the instance setting', () => {
    const stepFailure = failed({ failureReason: 'STEP_FAILURE' });
    expect(decide({ 'orrery/retry_on_asset_or_op_failure': 'true' }, stepFailure, noStepRetries)).toMatchObject({ retry: true });
    expect(decide({ 'orrery/retry_on_asset_or_op_failure': 'False' }, stepFailure)).toMatchObject({ retry: false, reason: 'STEP_FAILURE_NOT_RETRIED' });
  });
});

describe('decideRunRetry: strategy and child tags', () => {
  it('takes the strategy from orrery/retry_strategy, else the instance default', () => {
    expect(decide({ 'orrery/retry_strategy': 'ALL_STEPS' })).toMatchObject({ retry: true, strategy: 'ALL_STEPS' });
    expect(decide({}, failed(), { ...retries, strategy: 'ALL_STEPS' })).toMatchObject({ strategy: 'ALL_STEPS' });
    expect(decide({ 'orrery/retry_strategy': 'FROM_FAILURE' }, failed(), { ...retries, strategy: 'ALL_STEPS' })).toMatchObject({ strategy: 'FROM_FAILURE' });
  });

  it('falls back to the default strategy on an unknown tag value and reports it', () => {
    const decision = decide({ 'orrery/retry_strategy': 'everything' });
    expect(decision).toMatchObject({ retry: true, strategy: 'FROM_FAILURE' });
    expect(decision.retry && decision.problems).toEqual(['orrery/retry_strategy "everything" is not FROM_FAILURE or ALL_STEPS; using FROM_FAILURE']);
  });

  it('gives the child the parent\'s tags less its outcome tags, with retry, parent and root tags replaced', () => {
    const decision = decide(
      {
        'orrery/max_retries': '3',
        'orrery/priority': '4',
        'orrery/retry_number': '1',
        'orrery/parent_run_id': 'older',
        'orrery/root_run_id': 'root-run',
        'orrery/will_retry': 'true',
        'orrery/failure_reason': 'RUN_EXCEPTION',
      },
      failed({ rootRunId: 'root-run' }),
    );
    expect(decision.retry && decision.tags).toEqual({
      'orrery/max_retries': '3',
      'orrery/priority': '4',
      'orrery/retry_number': '2',
      'orrery/parent_run_id': 'child-run',
      'orrery/root_run_id': 'root-run',
    });
  });

  it('takes the parsed run_retries section of orrery.yaml', () => {
    const { runRetries } = instanceConfigSchema.parse({ run_retries: { enabled: true, max_retries: 1, strategy: 'ALL_STEPS' } });
    expect(decide({}, failed(), runRetries)).toMatchObject({ retry: true, maxRetries: 1, strategy: 'ALL_STEPS' });
    expect(decide({}, failed(), instanceConfigSchema.parse({}).runRetries)).toMatchObject({ retry: false, reason: 'RETRIES_DISABLED' });
  });
});
