import { nextWallTime, previousWallTime } from './cron-matcher.js';
import type { ParsedCron } from './cron-parse.js';
import { MAX_OFFSET_MS, resolveWallTime } from './time-zone.js';

/** `1` walks towards the future, `-1` towards the past. */
export type Direction = 1 | -1;

/**
 * The instants at which one matching wall time fires, by Dagster's DST rules
 * (dagster `_utils/schedules.py`, `_timezone_aware_cron_iter`; docs "Execution times and
 * daylight savings time"):
 * - a wall time that happens twice (fall back) fires once, at the second occurrence, unless
 *   the cron fires every hour, which fires at both (it keeps firing once an hour of elapsed time);
 * - a wall time that does not exist (spring forward) fires at the first instant after the gap
 *   (02:30 → 03:00 in New York, 02:15 → 02:30 at Lord Howe), unless the cron fires every hour,
 *   which skips it.
 * Dagster applies these rules only to local hours 1-3; here they hold at any hour, so zones
 * that change at midnight (America/Santiago, Asia/Beirut) follow the same rules.
 */
export function firingInstants(cron: ParsedCron, timezone: string, wallMs: number): readonly number[] {
  const resolution = resolveWallTime(timezone, wallMs);
  switch (resolution.kind) {
    case 'single':
      return [resolution.at];
    case 'repeated':
      return cron.firesEveryHour ? [resolution.first, resolution.second] : [resolution.second];
    case 'skipped':
      return cron.firesEveryHour ? [] : [resolution.gapEnd];
    default:
      return assertNever(resolution);
  }
}

/**
 * Every instant at which `cron` fires in `timezone`, from `bound` (inclusive) in `direction`,
 * strictly monotonic and without duplicates. Forward and backward walks yield the same set:
 * both enumerate matching wall times with croner and resolve each with {@link firingInstants}.
 */
export function* cronInstants(
  cron: ParsedCron,
  timezone: string,
  bound: number,
  direction: Direction,
): Generator<number, void, undefined> {
  // Resolved instants are not monotonic in wall time (in a repeated hour 01:30 first fires
  // before 01:00 second), but each lies within MAX_OFFSET_MS of its wall time. So instants
  // wait in `pending` until the wall-time cursor has moved far enough that no later wall
  // time can resolve to something earlier (in walking order).
  const step = direction === 1 ? nextWallTime : previousWallTime;
  const ahead = (a: number, b: number): boolean => (a - b) * direction > 0;
  const pending: number[] = []; // sorted in walking order
  let lastYielded = direction === 1 ? -Infinity : Infinity;
  let cursor = bound - direction * (MAX_OFFSET_MS + 1);
  for (;;) {
    const wall = step(cron.expression, cursor);
    const horizon = wall === undefined ? direction * Infinity : wall - direction * MAX_OFFSET_MS;
    for (let head = pending[0]; head !== undefined && ahead(horizon, head); head = pending[0]) {
      pending.shift();
      if (ahead(head, lastYielded)) {
        lastYielded = head;
        yield head;
      }
    }
    if (wall === undefined) return;
    for (const instant of firingInstants(cron, timezone, wall)) {
      if (!ahead(bound, instant)) insertInOrder(pending, instant, direction);
    }
    cursor = wall;
  }
}

/**
 * Merges several walks in the same direction into one, dropping instants that several
 * yield (a schedule's crons may overlap: `0 * * * *` and `0 0 * * *`).
 */
export function* mergeInstants(walks: Iterator<number>[], direction: Direction): Generator<number, void, undefined> {
  const heads = walks.map((walk) => walk.next());
  for (;;) {
    let best: number | undefined;
    for (const head of heads) {
      if (!head.done && (best === undefined || (head.value - best) * direction < 0)) best = head.value;
    }
    if (best === undefined) return;
    yield best;
    heads.forEach((head, index) => {
      const walk = walks[index];
      if (!head.done && head.value === best && walk !== undefined) heads[index] = walk.next();
    });
  }
}

function insertInOrder(list: number[], value: number, direction: Direction): void {
  let index = list.length;
  while (index > 0 && ((list[index - 1] ?? 0) - value) * direction > 0) index--;
  list.splice(index, 0, value);
}

function assertNever(value: never): never {
  throw new Error(`unexpected value ${JSON.stringify(value)}`);
}
