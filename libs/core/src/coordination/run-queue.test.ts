import { instanceConfigSchema, type TagConcurrencyLimit } from '@orrery/contracts';
import { describe, expect, it } from 'vitest';
import type { RunTags } from '../runs/records.js';
import { InvalidCoordinationRunError, InvalidRunQueueLimitsError } from './coordination-errors.js';
import { selectRunsToLaunch, type QueuedRunCandidate, type RunQueueLimits } from './run-queue.js';

const t0 = Date.parse('2024-05-01T00:00:00Z');

/** A queued run submitted `second` seconds after t0. */
function queued(runId: string, second: number, tags: RunTags = {}): QueuedRunCandidate {
  return { runId, createdAt: new Date(t0 + second * 1000), tags };
}

function limits(maxConcurrentRuns: number, tagConcurrencyLimits: TagConcurrencyLimit[] = []): RunQueueLimits {
  return { maxConcurrentRuns, tagConcurrencyLimits };
}

const ids = (runs: readonly QueuedRunCandidate[]) => runs.map((run) => run.runId);
const unlimited = limits(-1);

describe('selectRunsToLaunch: order', () => {
  it('launches by priority, higher first, then FIFO by createdAt, whatever the input order', () => {
    const runs = [
      queued('late-default', 30),
      queued('low', 0, { 'orrery/priority': '-5' }),
      queued('early-default', 10),
      queued('high', 40, { 'orrery/priority': '10' }),
      queued('mid', 50, { 'orrery/priority': '1' }),
    ];
    const { launch, skipped } = selectRunsToLaunch({ queued: runs, inFlight: [], limits: unlimited });
    expect(ids(launch)).toEqual(['high', 'mid', 'early-default', 'late-default', 'low']);
    expect(skipped).toEqual([]);
  });

  it('breaks createdAt ties by runId so that every replica picks the same order', () => {
    const runs = [queued('b', 0), queued('c', 0), queued('a', 0)];
    expect(ids(selectRunsToLaunch({ queued: runs, inFlight: [], limits: unlimited }).launch)).toEqual(['a', 'b', 'c']);
  });

  it('queues a malformed priority at 0 and reports it', () => {
    const runs = [
      queued('bad', 0, { 'orrery/priority': 'high' }),
      queued('fraction', 1, { 'orrery/priority': '1.5' }),
      queued('spaced', 2, { 'orrery/priority': ' +2 ' }),
      queued('negative', 3, { 'orrery/priority': '-1' }),
      queued('plain', 4),
    ];
    const { launch, problems } = selectRunsToLaunch({ queued: runs, inFlight: [], limits: unlimited });
    expect(ids(launch)).toEqual(['spaced', 'bad', 'fraction', 'plain', 'negative']);
    expect(problems.map((problem) => [problem.runId, problem.value])).toEqual([
      ['bad', 'high'],
      ['fraction', '1.5'],
    ]);
    expect(problems[0]?.message).toContain('orrery/priority');
  });

  it('returns the caller\'s own run objects, so extra fields survive', () => {
    const run = { ...queued('r', 0), jobName: 'nightly' };
    const { launch } = selectRunsToLaunch({ queued: [run], inFlight: [], limits: unlimited });
    expect(launch[0]).toBe(run);
    expect(launch[0]?.jobName).toBe('nightly');
  });
});

describe('selectRunsToLaunch: max_concurrent_runs', () => {
  const five = ['a', 'b', 'c', 'd', 'e'].map((id, index) => queued(id, index));

  it('launches up to the limit and reports the rest with the limit and the runs in progress', () => {
    const { launch, skipped } = selectRunsToLaunch({ queued: five, inFlight: [], limits: limits(2) });
    expect(ids(launch)).toEqual(['a', 'b']);
    expect(skipped.map((entry) => [entry.run.runId, entry.reason])).toEqual([
      ['c', { kind: 'MAX_CONCURRENT_RUNS', limit: 2, inProgress: 2 }],
      ['d', { kind: 'MAX_CONCURRENT_RUNS', limit: 2, inProgress: 2 }],
      ['e', { kind: 'MAX_CONCURRENT_RUNS', limit: 2, inProgress: 2 }],
    ]);
  });

  it('counts in-flight runs against the limit', () => {
    const inFlight = [{ runId: 'x', tags: {} }, { runId: 'y', tags: {} }];
    const { launch, skipped } = selectRunsToLaunch({ queued: five, inFlight, limits: limits(3) });
    expect(ids(launch)).toEqual(['a']);
    expect(skipped[0]?.reason).toEqual({ kind: 'MAX_CONCURRENT_RUNS', limit: 3, inProgress: 3 });
  });

  it('launches nothing when in-flight runs already exceed the limit', () => {
    const inFlight = ['x', 'y', 'z'].map((runId) => ({ runId, tags: {} }));
    const { launch, skipped } = selectRunsToLaunch({ queued: five, inFlight, limits: limits(2) });
    expect(launch).toEqual([]);
    expect(skipped).toHaveLength(5);
  });

  it('treats -1 as unlimited', () => {
    const inFlight = Array.from({ length: 100 }, (_, index) => ({ runId: `f${index}`, tags: {} }));
    expect(ids(selectRunsToLaunch({ queued: five, inFlight, limits: limits(-1) }).launch)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('treats 0 as "launch nothing"', () => {
    const { launch, skipped } = selectRunsToLaunch({ queued: five, inFlight: [], limits: limits(0) });
    expect(launch).toEqual([]);
    expect(skipped.every((entry) => entry.reason.kind === 'MAX_CONCURRENT_RUNS')).toBe(true);
  });

  it('stops at the global limit rather than looking further down the queue (Dagster)', () => {
    const runs = [queued('a', 0, { team: 'x' }), queued('b', 1, { team: 'x' }), queued('c', 2)];
    const result = selectRunsToLaunch({ queued: runs, inFlight: [], limits: limits(1, [{ key: 'team', limit: 1 }]) });
    expect(ids(result.launch)).toEqual(['a']);
    expect(result.skipped.map((entry) => entry.reason.kind)).toEqual(['MAX_CONCURRENT_RUNS', 'MAX_CONCURRENT_RUNS']);
  });
});

describe('selectRunsToLaunch: tag concurrency limits', () => {
  it('without a value, counts every run carrying the key, whatever its value', () => {
    const runs = [
      queued('a', 0, { team: 'docs' }),
      queued('b', 1, { team: 'data' }),
      queued('c', 2, { team: 'ml' }),
      queued('untagged', 3),
    ];
    const { launch, skipped } = selectRunsToLaunch({ queued: runs, inFlight: [], limits: limits(-1, [{ key: 'team', limit: 2 }]) });
    expect(ids(launch)).toEqual(['a', 'b', 'untagged']);
    expect(skipped).toEqual([
      { run: runs[2], priority: 0, reason: { kind: 'TAG_CONCURRENCY_LIMIT', limit: { key: 'team', limit: 2 }, tagValue: 'ml', inProgress: 2 } },
    ]);
  });

  it('with a string value, counts only runs with exactly that value', () => {
    const runs = [
      queued('docs-1', 0, { team: 'docs' }),
      queued('docs-2', 1, { team: 'docs' }),
      queued('data-1', 2, { team: 'data' }),
      queued('data-2', 3, { team: 'data' }),
      queued('docs-3', 4, { team: 'Docs' }),
    ];
    const { launch, skipped } = selectRunsToLaunch({
      queued: runs,
      inFlight: [],
      limits: limits(-1, [{ key: 'team', value: 'docs', limit: 1 }]),
    });
    expect(ids(launch)).toEqual(['docs-1', 'data-1', 'data-2', 'docs-3']);
    expect(skipped.map((entry) => entry.run.runId)).toEqual(['docs-2']);
  });

  it('with applyLimitPerUniqueValue, counts each value separately', () => {
    const runs = [
      queued('b1-1', 0, { 'orrery/backfill': 'b1' }),
      queued('b1-2', 1, { 'orrery/backfill': 'b1' }),
      queued('b1-3', 2, { 'orrery/backfill': 'b1' }),
      queued('b2-1', 3, { 'orrery/backfill': 'b2' }),
      queued('b2-2', 4, { 'orrery/backfill': 'b2' }),
      queued('b3-1', 5, { 'orrery/backfill': 'b3' }),
    ];
    const { launch, skipped } = selectRunsToLaunch({
      queued: runs,
      inFlight: [{ runId: 'old', tags: { 'orrery/backfill': 'b2' } }],
      limits: limits(-1, [{ key: 'orrery/backfill', value: { applyLimitPerUniqueValue: true }, limit: 2 }]),
    });
    expect(ids(launch)).toEqual(['b1-1', 'b1-2', 'b2-1', 'b3-1']);
    expect(skipped.map((entry) => [entry.run.runId, entry.reason.kind === 'TAG_CONCURRENCY_LIMIT' && entry.reason.tagValue])).toEqual([
      ['b1-3', 'b1'],
      ['b2-2', 'b2'],
    ]);
  });

  it('skips a blocked high-priority run and still launches a lower one that fits', () => {
    const runs = [
      queued('urgent', 0, { 'orrery/priority': '100', db: 'warehouse' }),
      queued('normal', 1, { db: 'lake' }),
      queued('backfill', 2, { 'orrery/priority': '-10' }),
    ];
    const { launch, skipped } = selectRunsToLaunch({
      queued: runs,
      inFlight: [{ runId: 'busy', tags: { db: 'warehouse' } }],
      limits: limits(5, [{ key: 'db', value: 'warehouse', limit: 1 }]),
    });
    expect(ids(launch)).toEqual(['normal', 'backfill']);
    expect(skipped.map((entry) => [entry.run.runId, entry.priority, entry.reason.kind])).toEqual([['urgent', 100, 'TAG_CONCURRENCY_LIMIT']]);
  });

  it('counts in-flight runs against tag limits, and a limit of 0 blocks every run with the tag', () => {
    const runs = [queued('a', 0, { pool: 'gpu' }), queued('b', 1, { pool: 'cpu' }), queued('c', 2, { frozen: 'yes' })];
    const { launch, skipped } = selectRunsToLaunch({
      queued: runs,
      inFlight: [{ runId: 'g', tags: { pool: 'gpu' } }],
      limits: limits(-1, [
        { key: 'pool', value: 'gpu', limit: 1 },
        { key: 'frozen', limit: 0 },
      ]),
    });
    expect(ids(launch)).toEqual(['b']);
    expect(skipped.map((entry) => entry.reason.kind === 'TAG_CONCURRENCY_LIMIT' && [entry.reason.limit.key, entry.reason.inProgress])).toEqual([
      ['pool', 1],
      ['frozen', 0],
    ]);
  });

  it('enforces every limit on the same key and reports the first blocking one in config order', () => {
    const tagLimits: TagConcurrencyLimit[] = [
      { key: 'team', limit: 3 },
      { key: 'team', value: 'docs', limit: 1 },
      { key: 'team', limit: 1 },
    ];
    const runs = [queued('a', 0, { team: 'docs' }), queued('b', 1, { team: 'docs' }), queued('c', 2, { team: 'data' })];
    const { launch, skipped } = selectRunsToLaunch({ queued: runs, inFlight: [], limits: limits(-1, tagLimits) });
    expect(ids(launch)).toEqual(['a']);
    expect(skipped.map((entry) => entry.reason.kind === 'TAG_CONCURRENCY_LIMIT' && entry.reason.limit)).toEqual([tagLimits[1], tagLimits[2]]);
  });

  it('reports the first blocking limit in config order, not in the order of the run\'s tags', () => {
    const tagLimits: TagConcurrencyLimit[] = [{ key: 'zone', limit: 0 }, { key: 'app', limit: 0 }];
    const { skipped } = selectRunsToLaunch({ queued: [queued('a', 0, { app: 'x', zone: 'eu' })], inFlight: [], limits: limits(-1, tagLimits) });
    expect(skipped[0]?.reason).toEqual({ kind: 'TAG_CONCURRENCY_LIMIT', limit: tagLimits[0], tagValue: 'eu', inProgress: 0 });
  });

  it('reads only the run\'s own tags: a limit on "constructor" does not block untagged runs', () => {
    const { launch } = selectRunsToLaunch({ queued: [queued('a', 0)], inFlight: [], limits: limits(-1, [{ key: 'constructor', limit: 0 }]) });
    expect(ids(launch)).toEqual(['a']);
  });
});

describe('selectRunsToLaunch: config', () => {
  it('takes the parsed run_coordinator section of orrery.yaml as its limits', () => {
    const { runCoordinator } = instanceConfigSchema.parse({
      run_coordinator: {
        max_concurrent_runs: 3,
        tag_concurrency_limits: [{ key: 'orrery/backfill', value: { apply_limit_per_unique_value: true }, limit: 1 }],
      },
    });
    const runs = [
      queued('b1-a', 0, { 'orrery/backfill': 'b1' }),
      queued('b1-b', 1, { 'orrery/backfill': 'b1' }),
      queued('b2-a', 2, { 'orrery/backfill': 'b2' }),
      queued('solo', 3),
      queued('extra', 4),
    ];
    expect(ids(selectRunsToLaunch({ queued: runs, inFlight: [], limits: runCoordinator }).launch)).toEqual(['b1-a', 'b2-a', 'solo']);
  });
});

describe('selectRunsToLaunch: inconsistent input', () => {
  it('skips a queued run that is also in flight, without launching it again', () => {
    const { launch, skipped } = selectRunsToLaunch({
      queued: [queued('moved', 0), queued('next', 1)],
      inFlight: [{ runId: 'moved', tags: {} }],
      limits: limits(5),
    });
    expect(ids(launch)).toEqual(['next']);
    expect(skipped.map((entry) => [entry.run.runId, entry.reason.kind])).toEqual([['moved', 'ALREADY_IN_FLIGHT']]);
  });

  it('skips runs listed twice or with an invalid createdAt as INVALID_RUN and launches the rest', () => {
    const broken = { runId: 'broken', createdAt: new Date(Number.NaN), tags: {} };
    const { launch, skipped } = selectRunsToLaunch({
      queued: [queued('a', 0), broken, queued('a', 5), queued('b', 1)],
      inFlight: [],
      limits: unlimited,
    });
    expect(ids(launch)).toEqual(['a', 'b']);
    expect(skipped.map((entry) => entry.run.runId)).toEqual(['broken', 'a']);
    const errors = skipped.map((entry) => (entry.reason.kind === 'INVALID_RUN' ? entry.reason.error : undefined));
    expect(errors[0]).toBeInstanceOf(InvalidCoordinationRunError);
    expect(errors[0]?.message).toContain('invalid createdAt');
    expect(errors[1]?.message).toContain('queued twice');
  });

  it.each([
    ['maxConcurrentRuns', limits(-2)],
    ['maxConcurrentRuns', limits(1.5)],
    ['tagConcurrencyLimits.0.limit', limits(1, [{ key: 'team', limit: -1 }])],
    ['tagConcurrencyLimits.0.key', limits(1, [{ key: '', limit: 1 }])],
    ['tagConcurrencyLimits.1.value', limits(1, [{ key: 'a', limit: 1 }, { key: 'b', value: { applyLimitPerUniqueValue: false } as never, limit: 1 }])],
  ])('throws InvalidRunQueueLimitsError naming %s', (path, bad) => {
    const attempt = () => selectRunsToLaunch({ queued: [], inFlight: [], limits: bad });
    expect(attempt).toThrow(InvalidRunQueueLimitsError);
    expect(attempt).toThrow(path);
  });
});
