// The shop's days. Orders are partitioned by the UTC day they were placed on; a day's
// partition exists once the day is over (Dagster's rule), so the schedule built from it
// always processes yesterday.
import { dailyPartitionsDefinition } from '@orrery/sdk';

/** First day with orders. */
export const FIRST_ORDER_DAY = '2024-01-01';

/** Daily partitions keyed `YYYY-MM-DD`, in UTC, from {@link FIRST_ORDER_DAY}. */
export const dailyPartitions = dailyPartitionsDefinition({ start: FIRST_ORDER_DAY, timezone: 'UTC' });

/**
 * The day a step processes. The assets of this example compute one day per run (Dagster's
 * default backfill policy); a range run (single-run backfill) is refused with a clear error.
 */
export function dayOf(context: { readonly partitionKey: string | undefined; readonly partitionKeys: readonly string[] }): string {
  if (context.partitionKey !== undefined) return context.partitionKey;
  throw new Error(
    context.partitionKeys.length > 1
      ? `this asset materializes one day per run, not a range of ${context.partitionKeys.length} days: launch one run per partition`
      : 'this asset is partitioned by day: give the run a partition key',
  );
}

/** First day of data/seattle-weather.csv. */
export const FIRST_WEATHER_DAY = '2012-01-01';
/** The day after its last (2015-12-31): partition ends are exclusive. */
export const WEATHER_END = '2016-01-01';

/**
 * Seattle's days, one partition per day of data/seattle-weather.csv. `end` makes the set
 * fixed: all 1,461 partitions exist whatever the clock says.
 */
export const seattleWeatherDays = dailyPartitionsDefinition({ start: FIRST_WEATHER_DAY, end: WEATHER_END, timezone: 'UTC' });

/**
 * A step's value over its partitions, in the shape the IO managers expect: a run of one key
 * (a partition, or a range of one) returns that key's value; a range run of several keys
 * (a single-run backfill) returns a record with one value per key.
 */
export function perPartition<T>(
  context: { readonly partitionKeys: readonly string[] },
  compute: (partitionKey: string) => T,
): T | Record<string, T> {
  const keys = context.partitionKeys;
  if (keys.length === 0) throw new Error('this asset is partitioned by day: give the run a partition key or a range');
  if (keys.length === 1) return compute(keys[0]!);
  return Object.fromEntries(keys.map((key) => [key, compute(key)]));
}
