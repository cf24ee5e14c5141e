import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from './request-errors.js';
import { validateUserTags } from './run-tags.js';

function problem(tags: Record<string, string>): InvalidRequestError | undefined {
  try {
    validateUserTags(tags);
    return undefined;
  } catch (error) {
    return error as InvalidRequestError;
  }
}

describe('validateUserTags', () => {
  it('accepts user tags and the settable system tags with valid values', () => {
    expect(problem({
      team: 'data',
      'orrery-like/not-system': 'x',
      'orrery/priority': '-3',
      'orrery/max_retries': '2',
      'orrery/retry_strategy': 'ALL_STEPS',
      'orrery/retry_on_asset_or_op_failure': 'False',
      'orrery/step_timeout': '1.5',
      'orrery/max_runtime': '3600',
    })).toBeUndefined();
  });

  it('rejects other system tags, naming the tag and what may be set', () => {
    const error = problem({ 'orrery/run_key': 'k' });
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error?.field).toBe('body.tags.orrery/run_key');
    expect(error?.message).toContain('orrery/priority');
    expect(problem({ 'orrery/partition': '2024-01-01' })?.field).toBe('body.tags.orrery/partition');
    expect(problem({ 'orrery/constructor': 'x' })?.field).toBe('body.tags.orrery/constructor');
  });

  it('rejects settable system tags with values the services could not use', () => {
    expect(problem({ 'orrery/priority': 'high' })?.message).toBe('body.tags.orrery/priority: "high" is not an integer');
    expect(problem({ 'orrery/max_retries': '-1' })?.field).toBe('body.tags.orrery/max_retries');
    expect(problem({ 'orrery/retry_strategy': 'from_failure' })?.message).toContain('FROM_FAILURE or ALL_STEPS');
    expect(problem({ 'orrery/retry_on_asset_or_op_failure': 'maybe' })?.field).toBe('body.tags.orrery/retry_on_asset_or_op_failure');
    expect(problem({ 'orrery/step_timeout': '0' })?.field).toBe('body.tags.orrery/step_timeout');
    expect(problem({ 'orrery/max_runtime': ' ' })?.field).toBe('body.tags.orrery/max_runtime');
  });
});
