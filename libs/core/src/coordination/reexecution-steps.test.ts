import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../runs/records.js';
import { planReexecution } from './reexecution.js';
import { reexecutionStepsOf } from './reexecution-steps.js';
import type { RunRecord } from '../runs/records.js';

const asset = (key: string[], stepName?: string) => ({ key, ...(stepName ? { computation: { stepName } } : {}) });
const output = (node: string) => ({ kind: 'output', node, output: 'result' });

const snapshot: JsonObject = {
  assets: [asset(['raw', 'orders'], 'raw__orders'), asset(['big'], 'split'), asset(['small'], 'split'), asset(['report'], 'report'), asset(['ext'])],
  assetChecks: [
    { assetKey: ['report'], name: 'fresh', source: 'check' },
    { assetKey: ['report'], name: 'inline', source: 'asset' },
  ],
  jobs: [
    { name: 'daily', kind: 'asset_job', assetKeys: [['raw', 'orders'], ['big'], ['small'], ['ext'], ['report']], checkKeys: ['report:fresh', 'report:inline'] },
    {
      name: 'files', kind: 'op_job',
      graph: {
        nodes: [
          { alias: 'settings', inputs: {} },
          { alias: 'split', inputs: {} },
          { alias: 'process', inputs: { item: output('split'), settings: output('settings') }, mappedOver: { node: 'split', output: 'result' } },
          { alias: 'sum', inputs: { values: { kind: 'collect', node: 'process', output: 'result' } } },
        ],
      },
    },
  ],
};

const body = (extra: JsonObject = {}) => ({ runConfig: {}, ...extra });

describe('reexecutionStepsOf', () => {
  it('groups an asset job\'s assets by step and adds its assetCheck() steps', () => {
    expect(reexecutionStepsOf(snapshot, { jobName: 'daily', body: body() })).toEqual([
      { stepKey: 'raw__orders', assetKeys: ['raw/orders'] },
      { stepKey: 'split', assetKeys: ['big', 'small'] },
      { stepKey: 'report', assetKeys: ['report'] },
      { stepKey: 'check:report:fresh', assetKeys: ['report'] },
    ]);
  });

  it('takes the assets of an __ASSET_JOB run from its selection', () => {
    expect(reexecutionStepsOf(snapshot, { jobName: '__ASSET_JOB', body: body({ assetSelection: ['report'] }) })).toEqual([
      { stepKey: 'report', assetKeys: ['report'] },
    ]);
  });

  it('lists an op job\'s nodes with the nodes a re-execution cannot run them without', () => {
    expect(reexecutionStepsOf(snapshot, { jobName: 'files', body: body() })).toEqual([
      { stepKey: 'settings', assetKeys: [] },
      { stepKey: 'split', assetKeys: [] },
      { stepKey: 'process', assetKeys: [], requires: ['split'] },
      { stepKey: 'sum', assetKeys: [], requires: ['process'] },
    ]);
  });

  it('gives undefined for an unknown job or shape', () => {
    expect(reexecutionStepsOf(snapshot, { jobName: 'nope', body: body() })).toBeUndefined();
    expect(reexecutionStepsOf({ jobs: [{ name: 'x', kind: 'asset_job' }] }, { jobName: 'x', body: body() })).toBeUndefined();
  });

  it('makes a from-failure re-execution of a failed mapped op include its dynamic producer', () => {
    const parent = {
      runId: '6f1c1f9e-8a53-4a8e-9d6e-1b1b0f6e2a10', jobName: 'files', status: 'FAILURE', locationName: 'loc', snapshotId: 's',
      partitionKey: null, backfillId: null, parentRunId: null, rootRunId: null, attempt: 1, failureReason: 'STEP_FAILURE',
      tags: {}, body: body(), createdAt: new Date(), updatedAt: new Date(), startedAt: new Date(), endedAt: new Date(),
    } satisfies RunRecord;
    const outcomes = new Map([['settings', 'success'], ['split', 'success'], ['process[a]', 'success'], ['process[b]', 'failure'], ['sum', 'skipped']] as const);
    const child = planReexecution({ parent, strategy: 'FROM_FAILURE', stepOutcomes: outcomes, jobSteps: reexecutionStepsOf(snapshot, parent)! });
    expect(child.body?.['stepSelection']).toEqual(['split', 'process', 'sum']);
  });
});
