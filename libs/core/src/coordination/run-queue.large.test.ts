import { describe, expect, it } from 'vitest';
import { selectRunsToLaunch, type InFlightRun, type QueuedRunCandidate } from './run-queue.js';

const t0 = Date.parse('2024-05-01T00:00:00Z');
const TENANTS = 100;
const PER_TENANT = 3;
const GPU_LIMIT = 20;

// Deterministic pseudo-random numbers (LCG), so a failure reproduces.
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 2 ** 32;
    return state / 2 ** 32;
  };
}

function buildQueue(count: number): QueuedRunCandidate[] {
  const random = lcg(42);
  return Array.from({ length: count }, (_, index) => {
    const tags: Record<string, string> = { tenant: `t${Math.floor(random() * TENANTS)}` };
    if (random() < 0.3) tags['orrery/priority'] = String(Math.floor(random() * 5) - 2);
    if (random() < 0.1) tags['pool'] = 'gpu';
    // Many runs share a second, so the runId tie-break matters.
    return { runId: `run-${String(index).padStart(5, '0')}`, createdAt: new Date(t0 + Math.floor(random() * 2000) * 1000), tags };
  }).reverse();
}

const priorityOf = (run: QueuedRunCandidate) => Number(run.tags['orrery/priority'] ?? '0');

/** The same rules written the slow, obvious way: the reference for the fast one. */
function naiveSelection(queued: QueuedRunCandidate[], inFlight: InFlightRun[], maxConcurrentRuns: number): string[] {
  const order = [...queued].sort(
    (a, b) => priorityOf(b) - priorityOf(a) || a.createdAt.getTime() - b.createdAt.getTime() || (a.runId < b.runId ? -1 : 1),
  );
  const running: { tags: Record<string, string> }[] = inFlight.map((run) => ({ tags: { ...run.tags } }));
  const launched: string[] = [];
  for (const run of order) {
    if (maxConcurrentRuns !== -1 && running.length >= maxConcurrentRuns) break;
    const sameTenant = running.filter((other) => other.tags['tenant'] === run.tags['tenant']).length;
    const gpus = running.filter((other) => other.tags['pool'] === 'gpu').length;
    if (run.tags['tenant'] !== undefined && sameTenant >= PER_TENANT) continue;
    if (run.tags['pool'] === 'gpu' && gpus >= GPU_LIMIT) continue;
    running.push({ tags: { ...run.tags } });
    launched.push(run.runId);
  }
  return launched;
}

describe('selectRunsToLaunch with 10,000 queued runs', () => {
  const queued = buildQueue(10_000);
  const inFlight: InFlightRun[] = Array.from({ length: 50 }, (_, index): InFlightRun => ({
    runId: `flight-${index}`,
    tags: index < 10 ? { tenant: 't0', pool: 'gpu' } : { tenant: `t${index}` },
  }));
  const tagConcurrencyLimits = [
    { key: 'tenant', value: { applyLimitPerUniqueValue: true as const }, limit: PER_TENANT },
    { key: 'pool', value: 'gpu', limit: GPU_LIMIT },
  ];

  it('matches the straightforward reference under a global limit and tag limits', () => {
    const result = selectRunsToLaunch({ queued, inFlight, limits: { maxConcurrentRuns: 250, tagConcurrencyLimits } });
    const expected = naiveSelection(queued, inFlight, 250);
    expect(result.launch.map((run) => run.runId)).toEqual(expected);
    expect(result.launch).toHaveLength(200);
    expect(result.launch.length + result.skipped.length).toBe(10_000);
  });

  it('matches the reference when only tag limits bind (unlimited global)', () => {
    const result = selectRunsToLaunch({ queued, inFlight, limits: { maxConcurrentRuns: -1, tagConcurrencyLimits } });
    const launched = result.launch.map((run) => run.runId);
    expect(launched).toEqual(naiveSelection(queued, inFlight, -1));
    // Every tenant is filled to its limit, in-flight runs included; t0 was already over it
    // (10 in flight) and gets nothing.
    const perTenant = new Map<string, number>();
    for (const run of [...inFlight, ...result.launch]) perTenant.set(run.tags['tenant']!, (perTenant.get(run.tags['tenant']!) ?? 0) + 1);
    expect(perTenant.get('t0')).toBe(10);
    perTenant.delete('t0');
    expect(perTenant.size).toBe(TENANTS - 1);
    expect([...perTenant.values()].every((count) => count === PER_TENANT)).toBe(true);
    expect(result.skipped.every((entry) => entry.reason.kind === 'TAG_CONCURRENCY_LIMIT')).toBe(true);
  });

  it('launches the whole queue in priority-then-FIFO order without limits', () => {
    const result = selectRunsToLaunch({ queued, inFlight: [], limits: { maxConcurrentRuns: -1, tagConcurrencyLimits: [] } });
    expect(result.launch).toHaveLength(10_000);
    const outOfOrder = result.launch.findIndex((run, index) => {
      const next = result.launch[index + 1];
      if (!next) return false;
      const byPriority = priorityOf(run) - priorityOf(next);
      if (byPriority !== 0) return byPriority < 0;
      const byTime = run.createdAt.getTime() - next.createdAt.getTime();
      return byTime !== 0 ? byTime > 0 : run.runId > next.runId;
    });
    expect(outOfOrder).toBe(-1);
  });
});
