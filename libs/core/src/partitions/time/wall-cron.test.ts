import { describe, expect, it } from 'vitest';
import { InvalidPartitionsDefinitionError } from '../errors.js';
import { wallFields, wallFromFields } from './civil.js';
import { WallCron } from './wall-cron.js';

const next = (cron: WallCron, from: number): string => {
  const w = cron.nextWall(from);
  return w === undefined ? 'none' : new Date(w).toISOString().slice(0, 16);
};

describe('WallCron', () => {
  it('steps to the next and previous matching wall minute', () => {
    const cron = new WallCron('15 */6 * * *');
    expect(next(cron, wallFromFields(2024, 1, 1, 6, 15))).toBe('2024-01-01T12:15');
    expect(new Date(cron.prevWall(wallFromFields(2024, 1, 1, 6, 15))!).toISOString().slice(0, 16)).toBe('2024-01-01T00:15');
    expect(cron.repeatsEveryHour).toBe(false);
    expect(cron.stepMs).toBe(6 * 3_600_000);
  });

  it('matches either day field when both are restricted, like cron and croniter', () => {
    const cron = new WallCron('0 0 13 * 5');
    const days: number[] = [];
    for (let w = wallFromFields(2024, 9, 1) - 1, i = 0; i < 6; i++) {
      w = cron.nextWall(w)!;
      days.push(wallFields(w).day);
    }
    // Fridays of September 2024 and the 13th (a Friday).
    expect(days).toEqual([6, 13, 20, 27, 4, 11]);
  });

  it('supports L and nth weekday modifiers', () => {
    expect(next(new WallCron('0 0 L * *'), wallFromFields(2024, 2, 1))).toBe('2024-02-29T00:00');
    expect(next(new WallCron('0 9 * * 1#2'), wallFromFields(2024, 10, 1))).toBe('2024-10-14T09:00');
  });

  it('gets past the croner day-of-month list bug (STACK.md)', () => {
    expect(next(new WallCron('0 0 1,31 * *'), wallFromFields(2024, 2, 1))).toBe('2024-03-01T00:00');
    expect(next(new WallCron('0 0 */10 * *'), wallFromFields(2023, 2, 21))).toBe('2023-03-01T00:00');
  });

  it('knows the finest unit a key must show', () => {
    expect(new WallCron('*/15 * * * *').finestUnit).toBe('minute');
    expect(new WallCron('0 * * * *').finestUnit).toBe('hour');
    expect(new WallCron('0 0 * * 1').finestUnit).toBe('day');
    expect(new WallCron('0 0 1 * *').finestUnit).toBe('month');
    expect(new WallCron('0 0 1 1 *').finestUnit).toBe('year');
    expect(new WallCron('0 * * * *').repeatsEveryHour).toBe(true);
  });

  it('rejects six fields, garbage and schedules that never fire', () => {
    expect(() => new WallCron('0 0 0 * * *')).toThrow(/five-field/);
    expect(() => new WallCron('every day')).toThrow(InvalidPartitionsDefinitionError);
    expect(() => new WallCron('0 0 30 2 *')).toThrow(/never fires/);
    expect(() => new WallCron('0 0 15W * *')).toThrow(/W and LW/);
  });
});
