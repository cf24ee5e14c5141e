import type { RunCoordinatorConfig } from '@orrery/contracts';
import type { RunTags } from '../runs/records.js';
import { InvalidCoordinationRunError, InvalidRunQueueLimitsError } from './coordination-errors.js';
import { runPriority, type PriorityProblem } from './run-priority.js';
import { TagLimitCounter, type TagLimitBlock } from './tag-limit-counter.js';

/** The limits of the run queue: the parsed `run_coordinator` config (extra fields ignored). */
export type RunQueueLimits = Pick<RunCoordinatorConfig, 'maxConcurrentRuns' | 'tagConcurrencyLimits'>;

/** A run in QUEUED status, as the coordinator needs it. */
export interface QueuedRunCandidate {
  readonly runId: string;
  /** Submission time; FIFO order within a priority. */
  readonly createdAt: Date;
  readonly tags: RunTags;
}

/** A run in STARTING, STARTED or CANCELING: it holds a slot of every limit it matches. */
export interface InFlightRun {
  readonly runId: string;
  readonly tags: RunTags;
}

/** Input of {@link selectRunsToLaunch}. */
export interface SelectRunsToLaunchInput<R extends QueuedRunCandidate = QueuedRunCandidate> {
  /** Every QUEUED run, in any order. */
  readonly queued: readonly R[];
  /** Every run in STARTING, STARTED or CANCELING. */
  readonly inFlight: readonly InFlightRun[];
  readonly limits: RunQueueLimits;
}

/** Why a queued run stays queued in this pass. */
export type QueueSkipReason =
  /** `max_concurrent_runs` is reached; `inProgress` counts in-flight runs and runs chosen in this pass. */
  | { readonly kind: 'MAX_CONCURRENT_RUNS'; readonly limit: number; readonly inProgress: number }
  /** A tag concurrency limit is reached (the first in config order, when several are). */
  | ({ readonly kind: 'TAG_CONCURRENCY_LIMIT' } & TagLimitBlock)
  /** The run is also listed as in flight: it left QUEUED between the two reads. */
  | { readonly kind: 'ALREADY_IN_FLIGHT' }
  /** The run cannot be ordered (invalid `createdAt`, or listed twice); the rest of the queue still moves. */
  | { readonly kind: 'INVALID_RUN'; readonly error: InvalidCoordinationRunError };

/** A queued run left in the queue, with the reason, for logs and metrics. */
export interface SkippedQueuedRun<R extends QueuedRunCandidate = QueuedRunCandidate> {
  readonly run: R;
  readonly priority: number;
  readonly reason: QueueSkipReason;
}

/** Result of {@link selectRunsToLaunch}. */
export interface RunLaunchSelection<R extends QueuedRunCandidate = QueuedRunCandidate> {
  /** The runs to launch now, in launch order. */
  readonly launch: R[];
  /** The other queued runs: INVALID_RUN entries first, then the rest in queue order. */
  readonly skipped: SkippedQueuedRun<R>[];
  /** Malformed `orrery/priority` tags (those runs were queued at priority 0). */
  readonly problems: PriorityProblem[];
}

interface Ranked<R> {
  readonly run: R;
  readonly priority: number;
  readonly time: number;
}

/**
 * One pass of the queued run coordinator (Dagster's QueuedRunCoordinatorDaemon
 * `_get_runs_to_dequeue`): which QUEUED runs to launch now.
 *
 * Order: `orrery/priority` (an integer, default 0, higher first), then `createdAt`, then
 * runId — a total order, so every replica of the run-launcher picks the same runs.
 * Limits: `maxConcurrentRuns` (-1 = unlimited, 0 = launch nothing) and every tag limit, with
 * in-flight runs and runs chosen earlier in this pass counted. A run blocked by a tag limit is
 * skipped and later runs that fit still launch; once the global limit is reached the pass
 * stops, as in Dagster, and the remaining runs are reported with that reason.
 *
 * O(n log n) for n queued runs (the sort); each run costs one lookup per tag it carries.
 * Throws {@link InvalidRunQueueLimitsError} for bad limits. A run listed twice or with an
 * invalid `createdAt` is skipped as INVALID_RUN instead of thrown: one corrupt row must not
 * stall the whole queue pass after pass.
 */
export function selectRunsToLaunch<R extends QueuedRunCandidate>(input: SelectRunsToLaunchInput<R>): RunLaunchSelection<R> {
  const { maxConcurrentRuns, tagConcurrencyLimits } = input.limits;
  if (!Number.isInteger(maxConcurrentRuns) || maxConcurrentRuns < -1) {
    throw new InvalidRunQueueLimitsError('maxConcurrentRuns', `must be an integer ≥ -1, got ${maxConcurrentRuns}`);
  }
  const counter = new TagLimitCounter(tagConcurrencyLimits);
  const inFlightIds = new Set<string>();
  for (const run of input.inFlight) {
    inFlightIds.add(run.runId);
    counter.add(run.tags);
  }

  const problems: PriorityProblem[] = [];
  const skipped: SkippedQueuedRun<R>[] = [];
  const ranked = rankQueue(input.queued, problems, skipped);
  const launch: R[] = [];
  // In-flight runs may exceed the limit (launched around the queue, or the limit lowered):
  // the capacity is then negative and nothing launches.
  const capacity = maxConcurrentRuns === -1 ? Infinity : maxConcurrentRuns - input.inFlight.length;

  for (const { run, priority } of ranked) {
    if (inFlightIds.has(run.runId)) {
      skipped.push({ run, priority, reason: { kind: 'ALREADY_IN_FLIGHT' } });
    } else if (launch.length >= capacity) {
      const inProgress = input.inFlight.length + launch.length;
      skipped.push({ run, priority, reason: { kind: 'MAX_CONCURRENT_RUNS', limit: maxConcurrentRuns, inProgress } });
    } else {
      const block = counter.blockingLimit(run.tags);
      if (block) {
        skipped.push({ run, priority, reason: { kind: 'TAG_CONCURRENCY_LIMIT', ...block } });
      } else {
        // Counted at once, so the next run of the same pass sees this one as in progress.
        counter.add(run.tags);
        launch.push(run);
      }
    }
  }
  return { launch, skipped, problems };
}

/**
 * The valid part of the queue in launch order. Malformed priorities are appended to
 * `problems`, runs that cannot be ordered to `skipped`.
 */
function rankQueue<R extends QueuedRunCandidate>(
  queued: readonly R[],
  problems: PriorityProblem[],
  skipped: SkippedQueuedRun<R>[],
): Ranked<R>[] {
  const seen = new Set<string>();
  const ranked: Ranked<R>[] = [];
  for (const run of queued) {
    const { priority, problem } = runPriority(run.runId, run.tags);
    const time = run.createdAt instanceof Date ? run.createdAt.getTime() : Number.NaN;
    // A NaN time would make the comparator inconsistent and the whole order arbitrary.
    const invalid = seen.has(run.runId) ? 'is queued twice' : Number.isNaN(time) ? 'has an invalid createdAt' : undefined;
    if (invalid) {
      skipped.push({ run, priority, reason: { kind: 'INVALID_RUN', error: new InvalidCoordinationRunError(run.runId, invalid) } });
      continue;
    }
    seen.add(run.runId);
    if (problem) problems.push(problem);
    ranked.push({ run, priority, time });
  }
  return ranked.sort(
    (a, b) => b.priority - a.priority || a.time - b.time || compareIds(a.run.runId, b.run.runId),
  );
}

function compareIds(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
