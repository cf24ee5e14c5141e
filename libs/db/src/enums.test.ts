import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, RUN_STATUSES } from '@orrery/core';
import { EventType, RunStatus } from './generated/prisma/enums.js';

// The Postgres enums come from prisma/schema.prisma; the domain's lists from libs/core.
// A status or event type added on one side only would be a runtime error on the other.
describe('Postgres enums equal the domain lists', () => {
  it('run_status has exactly RUN_STATUSES, in order', () => {
    expect(Object.values(RunStatus)).toEqual([...RUN_STATUSES]);
  });

  it('event_type has exactly EVENT_TYPES, in order', () => {
    expect(Object.values(EventType)).toEqual([...EVENT_TYPES]);
  });
});
