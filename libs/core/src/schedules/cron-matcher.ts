import { Cron } from 'croner';

// croner matches cron expressions against *wall-clock* times here, never against instants:
// each job is built with a UTC offset of 0, so a Date's UTC fields are read as the local
// fields of the schedule's zone. Time zones and DST are applied on top (cron-ticks.ts),
// with Dagster's rules rather than croner's (croner fires a repeated fixed time at its
// first occurrence; Dagster at its second).

const DAY_MS = 86_400_000;
const matchers = new Map<string, Cron>();
// Expressions come from definitions, so few; the bound only stops unbounded growth when
// something validates arbitrary user input in a long-lived process.
const MAX_CACHED_MATCHERS = 1000;

/** The croner job matching a five-field expression against wall-clock times (cached). */
export function wallMatcher(expression: string): Cron {
  let matcher = matchers.get(expression);
  if (matcher === undefined) {
    // `mode: '5-part'` makes croner refuse seconds and years; the default would accept them.
    matcher = new Cron(expression, { utcOffset: 0, mode: '5-part' });
    if (matchers.size >= MAX_CACHED_MATCHERS) matchers.clear();
    matchers.set(expression, matcher);
  }
  return matcher;
}

/**
 * The first wall time after `wallMs` (exclusive) that the expression matches, or undefined
 * when there is none before year 3000 (croner's search limit).
 */
export function nextWallTime(expression: string, wallMs: number): number | undefined {
  const matcher = wallMatcher(expression);
  const found = matcher.nextRun(new Date(wallMs));
  if (found === null) return undefined;
  let candidate: number = found.getTime();
  // croner 11's nextRun has been seen skipping the 1st of the next month when the day-of-month
  // list holds a day the current month lacks (`0 0 */10 * *` from 21 Feb gave 11 Mar; STACK.md),
  // while previousRuns stays right. So step back with previousRuns while it still finds a
  // match after the reference: the result is the true next match whichever croner 11.x runs.
  // A match later the same day cannot have skipped a day, so only day changes are checked.
  if (Math.floor(candidate / DAY_MS) === Math.floor(wallMs / DAY_MS)) return candidate;
  for (;;) {
    const earlier: number | undefined = matcher.previousRuns(1, new Date(candidate))[0]?.getTime();
    if (earlier === undefined || earlier <= wallMs) return candidate;
    candidate = earlier;
  }
}

/** The last wall time before `wallMs` (exclusive) that the expression matches, or undefined. */
export function previousWallTime(expression: string, wallMs: number): number | undefined {
  return wallMatcher(expression).previousRuns(1, new Date(wallMs))[0]?.getTime();
}
