import type { NewEvent } from '@orrery/core';

/**
 * What a run of `stepsPerRun` asset steps emits, `events` events in all: per step
 * STEP_START, a LOG_MESSAGE, an ASSET_MATERIALIZATION (asset key, metadata) and
 * STEP_SUCCESS — the four event kinds that dominate `event_logs`. Asset keys repeat across
 * runs (`warehouse/table_<i>`), as a job re-materializes the same assets every run.
 * Deterministic; timestamps are left to the writer (it stamps them on emit).
 */
export function eventMix(runIds: readonly string[], events: number): NewEvent[] {
  const perRun = Math.ceil(events / runIds.length);
  const out: NewEvent[] = [];
  for (const runId of runIds) {
    for (let n = 0; out.length < events && n < perRun; n++) {
      const step = Math.floor(n / 4);
      const stepKey = `table_${String(step).padStart(4, '0')}`;
      const assetKey = `warehouse/${stepKey}`;
      switch (n % 4) {
        case 0:
          out.push({ runId, type: 'STEP_START', stepKey, message: `started execution of step "${stepKey}"` });
          break;
        case 1:
          out.push({ runId, type: 'LOG_MESSAGE', stepKey, level: 'INFO', message: `loaded ${1000 + step} rows from upstream; writing to ${assetKey}` });
          break;
        case 2:
          out.push({
            runId, type: 'ASSET_MATERIALIZATION', stepKey, assetKey, message: `materialized ${assetKey}`,
            data: { metadata: { row_count: 1000 + step, path: `s3://lake/${assetKey}.parquet`, preview: 'id\tname\n1\talpha' }, dataVersion: `v${step}` },
          });
          break;
        default:
          out.push({ runId, type: 'STEP_SUCCESS', stepKey, message: `step "${stepKey}" succeeded`, data: { durationMs: 12 + (step % 50) } });
      }
    }
  }
  return out;
}
