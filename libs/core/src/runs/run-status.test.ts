import { describe, expect, it } from 'vitest';
import { OrreryError } from '@orrery/contracts';
import { RUN_STATUS_EVENT_TYPES } from './event-type.js';
import {
  FINISHED_RUN_STATUSES,
  IllegalRunTransitionError,
  RUN_STATUSES,
  RUN_TRANSITIONS,
  assertTransition,
  findRunTransition,
  isFinishedRunStatus,
  nextRunStatuses,
  type RunStatus,
} from './run-status.js';

describe('run status transition table', () => {
  it('follows Dagster for the main path of a queued run', () => {
    expect(assertTransition('NOT_STARTED', 'QUEUED')).toBe('RUN_ENQUEUED');
    expect(assertTransition('QUEUED', 'STARTING')).toBe('RUN_STARTING');
    expect(assertTransition('STARTING', 'STARTED')).toBe('RUN_START');
    expect(assertTransition('STARTED', 'SUCCESS')).toBe('RUN_SUCCESS');
    expect(assertTransition('STARTED', 'FAILURE')).toBe('RUN_FAILURE');
    expect(assertTransition('QUEUED', 'CANCELED')).toBe('RUN_CANCELED');
    expect(assertTransition('STARTED', 'CANCELING')).toBe('RUN_CANCELING');
    expect(assertTransition('CANCELING', 'CANCELED')).toBe('RUN_CANCELED');
  });

  it('has one row per (from, to) and only statuses and status events that exist', () => {
    const keys = RUN_TRANSITIONS.map((row) => `${row.from}>${row.to}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const row of RUN_TRANSITIONS) {
      expect(RUN_STATUSES).toContain(row.from);
      expect(RUN_STATUSES).toContain(row.to);
      expect(RUN_STATUS_EVENT_TYPES).toContain(row.event);
      expect(row.from).not.toBe(row.to);
    }
  });

  it('names the same event for every change into a status (Dagster maps event → status)', () => {
    const eventByTarget = new Map<RunStatus, string>();
    for (const row of RUN_TRANSITIONS) {
      const seen = eventByTarget.get(row.to);
      if (seen) expect(row.event).toBe(seen);
      eventByTarget.set(row.to, row.event);
    }
    expect(eventByTarget.get('STARTED')).toBe('RUN_START');
  });

  it('never leaves a finished status', () => {
    for (const status of FINISHED_RUN_STATUSES) {
      expect(nextRunStatuses(status)).toEqual([]);
      for (const to of RUN_STATUSES) expect(findRunTransition(status, to)).toBeUndefined();
    }
    expect(isFinishedRunStatus('CANCELED')).toBe(true);
    expect(isFinishedRunStatus('CANCELING')).toBe(false);
  });

  it('lets every unfinished status fail, and every running one be canceled', () => {
    for (const status of RUN_STATUSES.filter((s) => !isFinishedRunStatus(s))) {
      expect(findRunTransition(status, 'FAILURE')?.event).toBe('RUN_FAILURE');
    }
    for (const status of ['STARTING', 'STARTED'] as const) expect(nextRunStatuses(status)).toContain('CANCELING');
  });

  it('reaches a finished status from every status', () => {
    for (const start of RUN_STATUSES) {
      const seen = new Set<RunStatus>([start]);
      const queue: RunStatus[] = [start];
      while (queue.length > 0) {
        for (const next of nextRunStatuses(queue.shift()!)) {
          if (!seen.has(next)) {
            seen.add(next);
            queue.push(next);
          }
        }
      }
      expect([...seen].some(isFinishedRunStatus)).toBe(true);
    }
  });

  it('rejects illegal changes with a named 409 error that lists the legal ones', () => {
    const error = (() => {
      try {
        assertTransition('SUCCESS', 'STARTED', { runId: 'r-1' });
      } catch (caught) {
        return caught;
      }
      throw new Error('expected a throw');
    })();
    expect(error).toBeInstanceOf(IllegalRunTransitionError);
    expect(error).toBeInstanceOf(OrreryError);
    const illegal = error as IllegalRunTransitionError;
    expect(illegal.name).toBe('IllegalRunTransitionError');
    expect(illegal.code).toBe('ILLEGAL_RUN_TRANSITION');
    expect(illegal.httpStatus).toBe(409);
    expect(illegal.details).toEqual({ from: 'SUCCESS', to: 'STARTED', runId: 'r-1' });
    expect(illegal.message).toContain('none (finished)');
    expect(() => assertTransition('QUEUED', 'STARTED')).toThrow(/legal from QUEUED: STARTING, CANCELED, FAILURE/);
    expect(() => assertTransition('STARTED', 'STARTED')).toThrow(IllegalRunTransitionError);
  });

  it('rejects a legal change paired with the wrong event', () => {
    expect(assertTransition('STARTING', 'STARTED', { event: 'RUN_START' })).toBe('RUN_START');
    expect(() => assertTransition('STARTING', 'STARTED', { event: 'RUN_SUCCESS' })).toThrow(
      /caused by RUN_START, not RUN_SUCCESS/,
    );
  });
});
