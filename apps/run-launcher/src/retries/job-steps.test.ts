import { describe, expect, it } from 'vitest';
import { jobStepsFromSnapshot } from './job-steps.js';

const asset = (key: string[], stepName?: string) => ({ key, ...(stepName && { computation: { stepName } }) });

const snapshot = {
  assets: [asset(['raw', 'orders'], 'raw__orders'), asset(['big'], 'split'), asset(['small'], 'split'), asset(['report'], 'report'), asset(['ext'])],
  jobs: [
    { name: 'daily', kind: 'asset_job', assetKeys: [['raw', 'orders'], ['big'], ['small'], ['ext']] },
    { name: 'files', kind: 'op_job', graph: { nodes: [{ alias: 'list_files' }, { alias: 'etl.parse' }] } },
  ],
};

describe('jobStepsFromSnapshot', () => {
  it('groups an asset job\'s assets by the step that computes them', () => {
    expect(jobStepsFromSnapshot(snapshot, 'daily')).toEqual([
      { stepKey: 'raw__orders', assetKeys: ['raw/orders'] },
      { stepKey: 'split', assetKeys: ['big', 'small'] },
    ]);
  });

  it('lists an op job\'s node aliases', () => {
    expect(jobStepsFromSnapshot(snapshot, 'files')).toEqual([
      { stepKey: 'list_files', assetKeys: [] },
      { stepKey: 'etl.parse', assetKeys: [] },
    ]);
  });

  it('accepts a job snapshot itself and gives undefined for an unknown job or shape', () => {
    const job = { name: 'files', kind: 'op_job', graph: { nodes: [{ alias: 'only' }] } };
    expect(jobStepsFromSnapshot(job, 'files')).toEqual([{ stepKey: 'only', assetKeys: [] }]);
    expect(jobStepsFromSnapshot(snapshot, 'nope')).toBeUndefined();
    expect(jobStepsFromSnapshot({ jobs: [{ name: 'x', kind: 'asset_job' }] }, 'x')).toBeUndefined();
  });
});
