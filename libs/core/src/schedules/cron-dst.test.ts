import { Cron } from 'croner';
import { describe, expect, it } from 'vitest';
import { compileCronSchedule, iterateTicks, nextTicks, previousTick } from './cron-schedule.js';

// Dagster's DST rules (dagster `_utils/schedules.py`, docs "Execution times and daylight
// savings time"): a fixed time that does not exist fires at the first instant after the gap;
// a fixed time that happens twice fires once, at the second occurrence; a cron whose hour
// field is `*` (fires every hour) skips nonexistent times and fires at both occurrences.
// Each row lists the expected local times (with offsets) around one transition.

/**
 * Checks the ticks both ways and from every point in between, like Dagster's
 * test_dst_transition_advances: forward from the first tick (inclusive), backward from the
 * last, and from several instants between each pair of neighbours.
 */
function expectTicks(cron: string, timezone: string, expected: string[]): void {
  const schedule = compileCronSchedule({ cron, timezone });
  const instants = expected.map((local) => Date.parse(local));
  const first = new Date(instants[0] ?? Number.NaN);
  const last = new Date(instants[instants.length - 1] ?? Number.NaN);
  expect(nextTicks(schedule, first, expected.length, { inclusive: true }).map((t) => t.localTime)).toEqual(expected);
  expect(nextTicks(schedule, first, expected.length, { inclusive: true }).map((t) => t.timestamp.getTime())).toEqual(instants);
  const backward = [];
  for (const tick of iterateTicks(schedule, last, { direction: 'backward', inclusive: true })) {
    backward.push(tick.localTime);
    if (backward.length === expected.length) break;
  }
  expect(backward).toEqual([...expected].reverse());
  for (let i = 0; i + 1 < instants.length; i++) {
    const [from, to] = [instants[i] ?? 0, instants[i + 1] ?? 0];
    for (const fraction of [0, 0.01, 0.5, 0.99]) {
      const probe = new Date(from + Math.round((to - from) * fraction));
      expect(nextTicks(schedule, probe, 1)[0]?.localTime, `next after ${probe.toISOString()}`).toBe(expected[i + 1]);
    }
    for (const fraction of [0.01, 0.5, 0.99, 1]) {
      const probe = new Date(from + Math.round((to - from) * fraction));
      expect(previousTick(schedule, probe)?.localTime, `previous before ${probe.toISOString()}`).toBe(expected[i]);
    }
  }
}

describe('America/New_York, spring forward (2025-03-09, 02:00 EST → 03:00 EDT)', () => {
  it.each([
    ['daily 02:30 fires at 03:00 (the gap end), not 03:30', '30 2 * * *', ['2025-03-08T02:30:00-05:00', '2025-03-09T03:00:00-04:00', '2025-03-10T02:30:00-04:00']],
    ['daily 02:00 fires at 03:00', '0 2 * * *', ['2025-03-08T02:00:00-05:00', '2025-03-09T03:00:00-04:00', '2025-03-10T02:00:00-04:00']],
    ['daily 03:00 is unaffected', '0 3 * * *', ['2025-03-08T03:00:00-05:00', '2025-03-09T03:00:00-04:00', '2025-03-10T03:00:00-04:00']],
    ['weekly Sunday 02:30 fires at 03:00', '30 2 * * 0', ['2025-03-02T02:30:00-05:00', '2025-03-09T03:00:00-04:00', '2025-03-16T02:30:00-04:00']],
    ['monthly 9th 02:30 fires at 03:00', '30 2 9 * *', ['2025-02-09T02:30:00-05:00', '2025-03-09T03:00:00-04:00', '2025-04-09T02:30:00-04:00']],
    ['hourly skips 02:00', '0 * * * *', ['2025-03-09T00:00:00-05:00', '2025-03-09T01:00:00-05:00', '2025-03-09T03:00:00-04:00', '2025-03-09T04:00:00-04:00']],
    ['every 15 minutes skips 02:00-02:45', '*/15 * * * *', ['2025-03-09T01:30:00-05:00', '2025-03-09T01:45:00-05:00', '2025-03-09T03:00:00-04:00', '2025-03-09T03:15:00-04:00']],
    [
      'an hour range is not "every hour": 02:00 and 02:30 both become one 03:00 tick',
      '*/30 0-3 * * *',
      ['2025-03-09T01:00:00-05:00', '2025-03-09T01:30:00-05:00', '2025-03-09T03:00:00-04:00', '2025-03-09T03:30:00-04:00', '2025-03-10T00:00:00-04:00'],
    ],
  ])('%s', (_name, cron, expected) => expectTicks(cron, 'America/New_York', expected));
});

describe('America/New_York, fall back (2025-11-02, 02:00 EDT → 01:00 EST)', () => {
  it.each([
    ['daily 01:30 fires once, at the second 01:30', '30 1 * * *', ['2025-11-01T01:30:00-04:00', '2025-11-02T01:30:00-05:00', '2025-11-03T01:30:00-05:00']],
    ['daily 01:00 fires at the second 01:00', '0 1 * * *', ['2025-11-01T01:00:00-04:00', '2025-11-02T01:00:00-05:00', '2025-11-03T01:00:00-05:00']],
    ['daily 02:00 happens once', '0 2 * * *', ['2025-11-01T02:00:00-04:00', '2025-11-02T02:00:00-05:00', '2025-11-03T02:00:00-05:00']],
    ['weekly Sunday 01:30 fires at the second 01:30', '30 1 * * 0', ['2025-10-26T01:30:00-04:00', '2025-11-02T01:30:00-05:00', '2025-11-09T01:30:00-05:00']],
    ['monthly 2nd 01:30 fires at the second 01:30', '30 1 2 * *', ['2025-10-02T01:30:00-04:00', '2025-11-02T01:30:00-05:00', '2025-12-02T01:30:00-05:00']],
    ['hourly fires in both 01:00s', '0 * * * *', ['2025-11-02T00:00:00-04:00', '2025-11-02T01:00:00-04:00', '2025-11-02T01:00:00-05:00', '2025-11-02T02:00:00-05:00']],
    [
      'every 15 minutes fires in both passes',
      '*/15 * * * *',
      [
        '2025-11-02T01:30:00-04:00',
        '2025-11-02T01:45:00-04:00',
        '2025-11-02T01:00:00-05:00',
        '2025-11-02T01:15:00-05:00',
        '2025-11-02T01:30:00-05:00',
        '2025-11-02T01:45:00-05:00',
        '2025-11-02T02:00:00-05:00',
      ],
    ],
    [
      // Dagster's cron_string_repeats_every_hour is false for an hour range, so only the second
      // pass fires (croner would fire both; see the test below).
      'an hour range fires in the second pass only',
      '*/30 0-3 * * *',
      ['2025-11-02T00:00:00-04:00', '2025-11-02T00:30:00-04:00', '2025-11-02T01:00:00-05:00', '2025-11-02T01:30:00-05:00', '2025-11-02T02:00:00-05:00'],
    ],
  ])('%s', (_name, cron, expected) => expectTicks(cron, 'America/New_York', expected));

  it('differs from croner, which fires a repeated fixed time at its first occurrence', () => {
    const from = new Date('2025-11-01T12:00:00Z');
    const croner = new Cron('30 1 * * *', { timezone: 'America/New_York' }).nextRun(from);
    expect(croner?.toISOString()).toBe('2025-11-02T05:30:00.000Z');
    const ours = nextTicks(compileCronSchedule({ cron: '30 1 * * *', timezone: 'America/New_York' }), from, 1);
    expect(ours[0]?.timestamp.toISOString()).toBe('2025-11-02T06:30:00.000Z');
  });

  it('differs from croner for hour ranges, which croner fires in both passes', () => {
    const from = new Date('2025-11-02T04:15:00Z'); // 00:15 EDT
    const croner = new Cron('*/30 0-3 * * *', { timezone: 'America/New_York' }).nextRuns(3, from).map((d) => d.toISOString());
    expect(croner).toEqual(['2025-11-02T04:30:00.000Z', '2025-11-02T05:00:00.000Z', '2025-11-02T05:30:00.000Z']);
    const ours = nextTicks(compileCronSchedule({ cron: '*/30 0-3 * * *', timezone: 'America/New_York' }), from, 3);
    expect(ours.map((t) => t.timestamp.toISOString())).toEqual(['2025-11-02T04:30:00.000Z', '2025-11-02T06:00:00.000Z', '2025-11-02T06:30:00.000Z']);
  });
});

describe('Australia/Sydney (southern hemisphere)', () => {
  it.each([
    ['daily 02:30 at fall back (2025-04-06, 03:00 → 02:00) fires at the second 02:30', '30 2 * * *', ['2025-04-05T02:30:00+11:00', '2025-04-06T02:30:00+10:00', '2025-04-07T02:30:00+10:00']],
    ['daily 02:30 at spring forward (2025-10-05, 02:00 → 03:00) fires at 03:00', '30 2 * * *', ['2025-10-04T02:30:00+10:00', '2025-10-05T03:00:00+11:00', '2025-10-06T02:30:00+11:00']],
    ['weekly Sunday 02:30 at spring forward', '30 2 * * 0', ['2025-09-28T02:30:00+10:00', '2025-10-05T03:00:00+11:00', '2025-10-12T02:30:00+11:00']],
    ['monthly 6th 02:30 at fall back', '30 2 6 * *', ['2025-03-06T02:30:00+11:00', '2025-04-06T02:30:00+10:00', '2025-05-06T02:30:00+10:00']],
    ['hourly at fall back fires in both 02:00s', '0 * * * *', ['2025-04-06T01:00:00+11:00', '2025-04-06T02:00:00+11:00', '2025-04-06T02:00:00+10:00', '2025-04-06T03:00:00+10:00']],
    ['every 15 minutes at spring forward skips the gap', '*/15 * * * *', ['2025-10-05T01:30:00+10:00', '2025-10-05T01:45:00+10:00', '2025-10-05T03:00:00+11:00', '2025-10-05T03:15:00+11:00']],
  ])('%s', (_name, cron, expected) => expectTicks(cron, 'Australia/Sydney', expected));
});

describe('Australia/Lord_Howe (30-minute shift, southern hemisphere)', () => {
  it.each([
    // Dagster's own DST_PARAMS row for Lord Howe (2023) fires 02:00 at 02:30 on the change day.
    ['Dagster parity: daily 02:00 fires at 02:30', '0 2 * * *', ['2023-09-30T02:00:00+10:30', '2023-10-01T02:30:00+11:00', '2023-10-02T02:00:00+11:00']],
    ['daily 02:15 at spring forward (2025-10-05, 02:00 → 02:30) fires at 02:30', '15 2 * * *', ['2025-10-04T02:15:00+10:30', '2025-10-05T02:30:00+11:00', '2025-10-06T02:15:00+11:00']],
    ['daily 02:45 exists on the change day', '45 2 * * *', ['2025-10-04T02:45:00+10:30', '2025-10-05T02:45:00+11:00', '2025-10-06T02:45:00+11:00']],
    ['daily 01:45 at fall back (2025-04-06, 02:00 → 01:30) fires at the second 01:45', '45 1 * * *', ['2025-04-05T01:45:00+11:00', '2025-04-06T01:45:00+10:30', '2025-04-07T01:45:00+10:30']],
    ['weekly Sunday 02:15 at spring forward', '15 2 * * 0', ['2025-09-28T02:15:00+10:30', '2025-10-05T02:30:00+11:00', '2025-10-12T02:15:00+11:00']],
    ['monthly 6th 01:45 at fall back', '45 1 6 * *', ['2025-03-06T01:45:00+11:00', '2025-04-06T01:45:00+10:30', '2025-05-06T01:45:00+10:30']],
    ['hourly at fall back: 01:00 once, then 02:00 ninety minutes later', '0 * * * *', ['2025-04-06T00:00:00+11:00', '2025-04-06T01:00:00+11:00', '2025-04-06T02:00:00+10:30', '2025-04-06T03:00:00+10:30']],
    ['hourly at spring forward skips 02:00', '0 * * * *', ['2025-10-05T01:00:00+10:30', '2025-10-05T03:00:00+11:00']],
    [
      'every 15 minutes at fall back fires in both passes of 01:30-01:59',
      '*/15 * * * *',
      [
        '2025-04-06T01:15:00+11:00',
        '2025-04-06T01:30:00+11:00',
        '2025-04-06T01:45:00+11:00',
        '2025-04-06T01:30:00+10:30',
        '2025-04-06T01:45:00+10:30',
        '2025-04-06T02:00:00+10:30',
      ],
    ],
    ['every 15 minutes at spring forward skips 02:00 and 02:15', '*/15 * * * *', ['2025-10-05T01:45:00+10:30', '2025-10-05T02:30:00+11:00', '2025-10-05T02:45:00+11:00']],
  ])('%s', (_name, cron, expected) => expectTicks(cron, 'Australia/Lord_Howe', expected));
});

describe('Europe/Berlin (Dagster DST_PARAMS parity, 2023)', () => {
  it.each([
    ['daily 02:30 at spring forward fires at 03:00', '30 2 * * *', ['2023-03-25T02:30:00+01:00', '2023-03-26T03:00:00+02:00', '2023-03-27T02:30:00+02:00']],
    ['daily 02:00 at fall back fires at the second 02:00', '0 2 * * *', ['2023-10-28T02:00:00+02:00', '2023-10-29T02:00:00+01:00', '2023-10-30T02:00:00+01:00']],
    ['daily 03:00 at fall back is unaffected', '0 3 * * *', ['2023-10-28T03:00:00+02:00', '2023-10-29T03:00:00+01:00', '2023-10-30T03:00:00+01:00']],
    ['hourly :45 at fall back fires in both 02:45s', '45 * * * *', ['2023-10-29T01:45:00+02:00', '2023-10-29T02:45:00+02:00', '2023-10-29T02:45:00+01:00', '2023-10-29T03:45:00+01:00']],
  ])('%s', (_name, cron, expected) => expectTicks(cron, 'Europe/Berlin', expected));
});

describe('zones that change at midnight', () => {
  it('apply the same rules at hour 0 (Dagster only applies them to hours 1-3)', () => {
    // America/Havana 2025-03-09: 00:00 CST → 01:00 CDT.
    expectTicks('30 0 * * *', 'America/Havana', ['2025-03-08T00:30:00-05:00', '2025-03-09T01:00:00-04:00', '2025-03-10T00:30:00-04:00']);
  });
});
