import { describe, expect, it } from 'vitest';
import { runPriority } from './run-priority.js';
import { COORDINATION_RUN_TAGS, parseBooleanTag, parseIntegerTag, tagValue } from './run-tags.js';

describe('run tag parsing', () => {
  it('mirrors Dagster\'s tag names with the orrery/ prefix', () => {
    expect(Object.values(COORDINATION_RUN_TAGS).every((key) => key.startsWith('orrery/'))).toBe(true);
    expect(COORDINATION_RUN_TAGS.retryNumber).toBe('orrery/retry_number');
    expect(COORDINATION_RUN_TAGS.priority).toBe('orrery/priority');
  });

  it('reads integers the way Python int() does, and nothing else', () => {
    expect([' 7 ', '+3', '-12', '0'].map(parseIntegerTag)).toEqual([7, 3, -12, 0]);
    expect(['', '1.0', '1e3', '0x10', 'seven', '99999999999999999999'].map(parseIntegerTag)).toEqual([
      undefined, undefined, undefined, undefined, undefined, undefined,
    ]);
  });

  it('reads booleans the way Dagster\'s get_boolean_tag_value does', () => {
    expect(['false', 'FALSE', 'None', '0', '', ' false '].map((value) => parseBooleanTag(value, true))).toEqual([false, false, false, false, false, false]);
    expect(['true', 'yes', '1'].map((value) => parseBooleanTag(value, false))).toEqual([true, true, true]);
    expect(parseBooleanTag(undefined, true)).toBe(true);
    expect(parseBooleanTag(undefined, false)).toBe(false);
  });

  it('reads only own tags', () => {
    expect(tagValue({}, 'constructor')).toBeUndefined();
    expect(tagValue({ constructor: 'x' }, 'constructor')).toBe('x');
  });

  it('gives the priority, 0 by default, and a problem for a malformed value', () => {
    expect(runPriority('r', { 'orrery/priority': '-3' })).toEqual({ priority: -3 });
    expect(runPriority('r', {})).toEqual({ priority: 0 });
    expect(runPriority('r', { 'orrery/priority': 'urgent' })).toEqual({
      priority: 0,
      problem: { runId: 'r', value: 'urgent', message: 'orrery/priority "urgent" is not an integer; using 0' },
    });
  });
});
