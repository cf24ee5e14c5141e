import { InvalidPartitionsDefinitionError } from '../errors.js';
import { daysInMonth, wallFromFields } from '../../cron/civil.js';
import { parseIsoDateTime } from './time-window-options.js';

/** What reading a start or end needs from its definition. */
interface BoundaryReader {
  readonly fmt: string;
  readonly timezone: string;
  instantOfKey(text: string): number | undefined;
  instantOfWall(wall: number): number;
}

/**
 * Epoch ms of a `start`/`end` option. A Date is an instant. A string is read like a key first
 * (Dagster reads start_date with fmt), then as ISO 8601: with `Z` or an offset it is an
 * instant, without one a wall time in the definition's time zone.
 */
export function parseBoundary(value: Date | string, field: 'start' | 'end', definition: BoundaryReader): number {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw new InvalidPartitionsDefinitionError(field, 'is an invalid Date');
    return ms;
  }
  const asKey = definition.instantOfKey(value);
  if (asKey !== undefined) return asKey;
  const iso = parseIsoDateTime(value);
  if (iso === undefined || iso.month < 1 || iso.month > 12 || iso.day < 1 || iso.day > daysInMonth(iso.year, iso.month) || iso.hour > 23 || iso.minute > 59 || iso.second > 59) {
    throw new InvalidPartitionsDefinitionError(field, `${JSON.stringify(value)} matches neither ${JSON.stringify(definition.fmt)} nor ISO 8601 (YYYY-MM-DD[THH:MM[:SS]][Z|±HH:MM])`);
  }
  const wall = wallFromFields(iso.year, iso.month, iso.day, iso.hour, iso.minute, iso.second);
  return iso.offsetMinutes === undefined ? definition.instantOfWall(wall) : wall - iso.offsetMinutes * 60_000;
}
