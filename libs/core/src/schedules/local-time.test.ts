import { describe, expect, it } from 'vitest';
import { formatLocalTime } from './local-time.js';

const at = (iso: string) => Date.parse(iso);

describe('formatLocalTime', () => {
  it('writes the local time with its offset, telling repeated times apart', () => {
    expect(formatLocalTime('America/New_York', at('2025-11-02T05:30:00Z'))).toBe('2025-11-02T01:30:00-04:00');
    expect(formatLocalTime('America/New_York', at('2025-11-02T06:30:00Z'))).toBe('2025-11-02T01:30:00-05:00');
    expect(formatLocalTime('Australia/Lord_Howe', at('2025-04-05T15:15:00Z'))).toBe('2025-04-06T01:45:00+10:30');
    expect(formatLocalTime('UTC', at('2025-01-01T00:00:00Z'))).toBe('2025-01-01T00:00:00+00:00');
    expect(formatLocalTime('America/New_York', at('1850-01-01T00:00:00Z'))).toBe('1849-12-31T19:03:58-04:56:02');
  });
});
