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
