// Enumerating 100,000 hourly partition keys in a DST time zone (goal ≤ 100 ms).
import { hourlyPartitionsDefinition, type PartitionsContext } from '@orrery/core';
import { measure, ms, type ResultRow } from './lib/measure.js';

const start = new Date('2015-01-01T00:00:00Z');
// 100,000 hours after the start, plus a little: every window up to here has ended.
const context: PartitionsContext = { now: new Date(start.getTime() + 100_000 * 3_600_000 + 60_000) };

export async function run(): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  for (const timezone of ['UTC', 'America/New_York']) {
    const partitions = hourlyPartitionsDefinition({ start: '2015-01-01-00:00', timezone });
    let count = 0;
    const result = await measure(timezone, () => {
      count = partitions.allKeys(context).length;
    }, { iterations: 15 });
    rows.push({ benchmark: `enumerate hourly partition keys, ${timezone} (${count.toLocaleString('en')} keys)`, figure: ms(result.median), goal: '≤ 100 ms', met: result.median <= 100 });
  }
  return rows;
}
