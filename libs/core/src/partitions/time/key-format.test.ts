import { describe, expect, it } from 'vitest';
import { InvalidPartitionsDefinitionError } from '../errors.js';
import { wallFromFields } from '../../cron/civil.js';
import { KeyFormat } from './key-format.js';

const HOUR = 3_600_000;

describe('KeyFormat', () => {
  it.each([
    ['%Y-%m-%d', wallFromFields(2024, 2, 29), '2024-02-29'],
    ['%Y-%m-%d-%H:%M', wallFromFields(2024, 11, 3, 1, 0), '2024-11-03-01:00'],
    ['%Y-%m', wallFromFields(2024, 7, 1), '2024-07'],
    ['%Y%m%d', wallFromFields(2024, 1, 5), '20240105'],
    ['%Y%m%d%H%M%S', wallFromFields(2024, 1, 5, 7, 8, 9), '20240105070809'],
    ['%Y-%j', wallFromFields(2024, 12, 31), '2024-366'],
    ['%d %b %Y', wallFromFields(2024, 9, 3), '03 Sep 2024'],
    ['%B %Y', wallFromFields(2024, 9, 1), 'September 2024'],
    ['year %Y (100%%)', wallFromFields(2024, 1, 1), 'year 2024 (100%)'],
  ])('formats %s and parses it back', (fmt, wall, key) => {
    const format = new KeyFormat(fmt);
    expect(format.format(wall, 0)).toBe(key);
    expect(format.parse(key)).toEqual({ wall, offset: undefined });
  });

  it('writes and reads UTC offsets with %z', () => {
    const format = new KeyFormat('%Y-%m-%d-%H:%M').withOffset();
    expect(format.fmt).toBe('%Y-%m-%d-%H:%M%z');
    expect(format.format(wallFromFields(2024, 4, 7, 1, 30), 10.5 * HOUR)).toBe('2024-04-07-01:30+1030');
    expect(format.parse('2024-11-03-01:00-0500')).toEqual({ wall: wallFromFields(2024, 11, 3, 1), offset: -5 * HOUR });
  });

  it('refuses keys that do not match exactly', () => {
    const format = new KeyFormat('%Y-%m-%d');
    for (const bad of ['2024-2-29', '2024-02-30', '2024-13-01', '2024-02-29x', ' 2024-02-29', '']) expect(format.parse(bad)).toBeUndefined();
  });

  it('rejects unsupported directives and formats without a year', () => {
    expect(() => new KeyFormat('%Y-%U')).toThrow(/unsupported directive %U/);
    expect(() => new KeyFormat('%m-%d')).toThrow(InvalidPartitionsDefinitionError);
    expect(() => new KeyFormat('%Y-%')).toThrow(/unsupported directive/);
  });
});
