import { instanceConfigSchema } from '@orrery/contracts';
import { describe, expect, it } from 'vitest';
import { findRunTransition, RUN_STATUSES, type RunStatus } from '../runs/run-status.js';
import { InvalidCoordinationRunError, InvalidMonitoringClockError } from './coordination-errors.js';
import { decideRunMonitoring, type MonitoredRun, type RunMonitoringPolicy } from './run-monitoring.js';

const t0 = Date.parse('2024-05-01T12:00:00Z');
const at = (seconds: number) => new Date(t0 + seconds * 1000);

const policy: RunMonitoringPolicy = {
  enabled: true,
  startTimeoutSeconds: 180,
  cancelTimeoutSeconds: 60,
  heartbeatTimeoutSeconds: 120,
  maxResumeRunAttempts: 0,
};

function run(status: RunStatus, fields: Partial<MonitoredRun> = {}): MonitoredRun {
  return { runId: 'r1', status, attempt: 1, updatedAt: at(0), startedAt: null, lastHeartbeatAt: null, ...fields };
}

/** The single decision for one run at `seconds` after t0 (or undefined). */
function decide(monitored: MonitoredRun, seconds: number, withPolicy: RunMonitoringPolicy = policy) {
  const { actions } = decideRunMonitoring({ now: at(seconds), runs: [monitored], policy: withPolicy });
  expect(actions.length).toBeLessThanOrEqual(1);
  return actions[0];
}

describe('decideRunMonitoring: start timeout', () => {
  it.each(['STARTING', 'NOT_STARTED'] as const)('leaves %s alone just before the timeout and fails it at the timeout', (status) => {
    const starting = run(status, { updatedAt: at(0) });
    expect(decide(starting, 179.999)).toBeUndefined();
    expect(decide(starting, 180)).toEqual({
      action: 'fail', runId: 'r1', attempt: 1, from: status, to: 'FAILURE', reason: 'START_TIMEOUT',
      message: 'did not start within 180s',
    });
    expect(decide(starting, 181)).toMatchObject({ action: 'fail', reason: 'START_TIMEOUT' });
  });
});

describe('decideRunMonitoring: heartbeats', () => {
  const started = run('STARTED', { startedAt: at(0), updatedAt: at(0), lastHeartbeatAt: at(100) });

  it('measures from the last heartbeat: alive just before it times out, dead at and past it', () => {
    expect(decide(started, 219.999)).toBeUndefined();
    expect(decide(started, 220)).toMatchObject({ action: 'fail', reason: 'UNEXPECTED_TERMINATION', from: 'STARTED' });
    expect(decide(started, 221)).toMatchObject({ action: 'fail', reason: 'UNEXPECTED_TERMINATION' });
  });

  it('measures from the start when no heartbeat ever arrived', () => {
    const silent = run('STARTED', { startedAt: at(10), updatedAt: at(10) });
    expect(decide(silent, 129.999)).toBeUndefined();
    expect(decide(silent, 130)).toMatchObject({ action: 'fail', reason: 'UNEXPECTED_TERMINATION' });
  });

  it('ignores a heartbeat older than the current start (a resumed run starts a fresh clock)', () => {
    const resumed = run('STARTED', { attempt: 2, startedAt: at(500), lastHeartbeatAt: at(90) });
    expect(decide(resumed, 619)).toBeUndefined();
    expect(decide(resumed, 620)).toBeDefined();
  });

  it('resumes while resume attempts remain, counting resumes as attempt − 1, then fails', () => {
    const twoResumes = { ...policy, maxResumeRunAttempts: 2 };
    expect(decide({ ...started, attempt: 1 }, 220, twoResumes)).toEqual({
      action: 'resume', runId: 'r1', attempt: 1, from: 'STARTED', to: 'STARTING', nextAttempt: 2, resumeAttempt: 1,
      message: 'no heartbeat for 120s; resuming (resume 1 of 2)',
    });
    expect(decide({ ...started, attempt: 2 }, 220, twoResumes)).toMatchObject({ action: 'resume', nextAttempt: 3, resumeAttempt: 2 });
    const failed = decide({ ...started, attempt: 3 }, 220, twoResumes);
    expect(failed).toMatchObject({ action: 'fail', attempt: 3, reason: 'UNEXPECTED_TERMINATION' });
    expect(failed?.message).toContain('2 resume attempts used');
  });

  it('takes an explicit resume count over the attempt number', () => {
    const oneResume = { ...policy, maxResumeRunAttempts: 1 };
    expect(decide({ ...started, attempt: 5, resumeAttempts: 0 }, 220, oneResume)).toMatchObject({ action: 'resume', nextAttempt: 6 });
    expect(decide({ ...started, attempt: 1, resumeAttempts: 1 }, 220, oneResume)).toMatchObject({ action: 'fail' });
  });
});

describe('decideRunMonitoring: cancel timeout', () => {
  it('forces CANCELED at the cancel timeout, not before', () => {
    const canceling = run('CANCELING', { updatedAt: at(30), startedAt: at(0) });
    expect(decide(canceling, 89.999)).toBeUndefined();
    expect(decide(canceling, 90)).toEqual({
      action: 'markCanceled', runId: 'r1', attempt: 1, from: 'CANCELING', to: 'CANCELED',
      message: 'still canceling after 60s; marked canceled',
    });
    expect(decide(canceling, 91)).toMatchObject({ action: 'markCanceled' });
  });
});

describe('decideRunMonitoring: the pass as a whole', () => {
  it('never acts on QUEUED, MANAGED or finished runs, however old', () => {
    for (const status of ['QUEUED', 'MANAGED', 'SUCCESS', 'FAILURE', 'CANCELED'] as const) {
      expect(decide(run(status, { updatedAt: at(-1e6) }), 0)).toBeUndefined();
    }
  });

  it('decides nothing when monitoring is disabled', () => {
    const result = decideRunMonitoring({ now: at(1e6), runs: [run('STARTING')], policy: { ...policy, enabled: false } });
    expect(result).toEqual({ actions: [], nextCheckAt: null, errors: [] });
  });

  it('returns the earliest deadline of the runs left alone', () => {
    const runs = [
      { ...run('STARTING', { updatedAt: at(0) }), runId: 'a' }, // deadline 180
      { ...run('CANCELING', { updatedAt: at(50) }), runId: 'b' }, // deadline 110
      { ...run('STARTED', { startedAt: at(0), lastHeartbeatAt: at(5) }), runId: 'c' }, // deadline 125
      { ...run('CANCELING', { updatedAt: at(0) }), runId: 'd' }, // acted on at 100
    ];
    const result = decideRunMonitoring({ now: at(100), runs, policy });
    expect(result.actions.map((action) => action.runId)).toEqual(['d']);
    expect(result.nextCheckAt).toEqual(at(110));
  });

  it('uses the parsed run_monitoring config directly', () => {
    const parsed = instanceConfigSchema.parse({ run_monitoring: { start_timeout_seconds: 30 } }).runMonitoring;
    expect(decide(run('STARTING'), 30, parsed)).toMatchObject({ reason: 'START_TIMEOUT' });
    expect(decide(run('STARTING'), 29, parsed)).toBeUndefined();
  });

  it('only proposes status changes that the transition table allows', () => {
    const runs = RUN_STATUSES.map((status, index) => run(status, { runId: `r${index}`, updatedAt: at(0), startedAt: at(0) }));
    for (const maxResumeRunAttempts of [0, 1]) {
      const { actions } = decideRunMonitoring({ now: at(1000), runs, policy: { ...policy, maxResumeRunAttempts } });
      expect(actions.map((action) => action.from).sort()).toEqual(['CANCELING', 'NOT_STARTED', 'STARTED', 'STARTING']);
      for (const action of actions) expect(findRunTransition(action.from, action.to)).toBeDefined();
    }
  });

  it('reports runs with invalid times or attempts as errors and still decides the others', () => {
    const runs = [
      { ...run('STARTING', { updatedAt: new Date(Number.NaN) }), runId: 'bad-time' },
      { ...run('STARTED', { attempt: -1, startedAt: at(0) }), runId: 'bad-attempt' },
      { ...run('STARTING'), runId: 'good' },
    ];
    const result = decideRunMonitoring({ now: at(500), runs, policy });
    expect(result.actions.map((action) => action.runId)).toEqual(['good']);
    expect(result.errors.map((error) => error.runId)).toEqual(['bad-time', 'bad-attempt']);
    expect(result.errors[0]).toBeInstanceOf(InvalidCoordinationRunError);
  });

  it('throws InvalidMonitoringClockError for an invalid now', () => {
    expect(() => decideRunMonitoring({ now: new Date(Number.NaN), runs: [], policy })).toThrow(InvalidMonitoringClockError);
  });
});
