import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { booleanFlag, durationMs, integer, logLevel, port, url } from './env-fields.js';

function message(schema: z.ZodType, value: unknown): string | undefined {
  return schema.safeParse(value).error?.issues[0]?.message;
}

describe('env fields', () => {
  it('port() reads 1–65535 from a string', () => {
    expect(port().parse(' 8080 ')).toBe(8080);
    expect(message(port(), '0')).toBe('expected a port number 1-65535, got "0"');
    expect(message(port(), '65536')).toBe('expected a port number 1-65535, got "65536"');
    expect(message(port(), '80a')).toBe('expected a port number 1-65535, got "80a"');
    expect(message(port(), undefined)).toBe('required (a port number 1-65535)');
  });

  it('durationMs() reads a non-negative integer', () => {
    expect(durationMs().parse('0')).toBe(0);
    expect(durationMs().parse('30000')).toBe(30_000);
    expect(message(durationMs(), '-1')).toBe('expected a duration in milliseconds (an integer >= 0), got "-1"');
    expect(message(durationMs(), '1.5')).toBeDefined();
    expect(message(durationMs(), '30s')).toBeDefined();
  });

  it('integer() checks its bounds and says them', () => {
    expect(integer({ min: 1 }).parse('12')).toBe(12);
    expect(message(integer({ min: 1, max: 4 }), '5')).toBe('expected an integer 1-4, got "5"');
  });

  it('url() checks the scheme and returns the string', () => {
    const schema = url(['postgres', 'postgresql']);
    expect(schema.parse('postgresql://u:p@db:5432/orrery')).toBe('postgresql://u:p@db:5432/orrery');
    expect(message(schema, 'mysql://db')).toBe('expected a postgres:// or postgresql:// URL, got "mysql://db"');
    expect(message(url(), 'not a url')).toBe('expected a URL, got "not a url"');
    expect(url().parse('https://example.com')).toBe('https://example.com');
  });

  it('url() masks the password of a rejected URL', () => {
    expect(message(url(['nats']), 'http://user:hunter2@host')).toBe('expected a nats:// URL, got "http://user:***@host"');
  });

  it('booleanFlag() reads true/false/1/0 in any case', () => {
    expect(['true', 'TRUE', '1', 'false', 'False', '0'].map((value) => booleanFlag().parse(value))).toEqual([true, true, true, false, false, false]);
    expect(message(booleanFlag(), 'yes')).toBe('expected "true", "false", "1" or "0", got "yes"');
  });

  it('logLevel() accepts pino levels only', () => {
    expect(logLevel().parse('DEBUG')).toBe('debug');
    expect(logLevel().parse('silent')).toBe('silent');
    expect(message(logLevel(), 'verbose')).toBe('expected one of fatal, error, warn, info, debug, trace, silent, got "verbose"');
  });

  it('fields take .default() and .optional()', () => {
    expect(port().default(3000).parse(undefined)).toBe(3000);
    expect(booleanFlag().optional().parse(undefined)).toBeUndefined();
  });
});
