import { describe, expect, it } from 'vitest';
import { InvalidNewRunError, assertRunCreation } from './new-run.js';
import { InvalidEventIdError, formatEventId, parseEventId } from './records.js';

describe('assertRunCreation', () => {
  it('creates a queued run only together with RUN_ENQUEUED', () => {
    expect(() => assertRunCreation('QUEUED', 'RUN_ENQUEUED')).not.toThrow();
    expect(() => assertRunCreation('QUEUED', undefined)).toThrow(InvalidNewRunError);
    expect(() => assertRunCreation('QUEUED', 'LOG_MESSAGE')).toThrow(/created with RUN_ENQUEUED/);
  });

  it('allows NOT_STARTED and MANAGED runs without a status event', () => {
    expect(() => assertRunCreation('NOT_STARTED', undefined)).not.toThrow();
    expect(() => assertRunCreation('MANAGED', 'ENGINE_EVENT')).not.toThrow();
    expect(() => assertRunCreation('NOT_STARTED', 'RUN_START')).toThrow(/use a transition/);
  });

  it('refuses to create a run in a later status', () => {
    expect(() => assertRunCreation('STARTED', undefined)).toThrow(/a run starts as NOT_STARTED, QUEUED, MANAGED/);
  });
});

describe('event ids', () => {
  it('round-trip through their JSON form, beyond 2^53', () => {
    const big = 2n ** 60n + 7n;
    expect(parseEventId(formatEventId(big))).toBe(big);
    expect(parseEventId('0')).toBe(0n);
  });

  it('reject anything but a non-negative integer', () => {
    for (const bad of ['', '-1', '1.5', 'abc', '1e3', ' 1']) expect(() => parseEventId(bad)).toThrow(InvalidEventIdError);
  });
});
