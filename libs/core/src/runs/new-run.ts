import { OrreryError } from '@orrery/contracts';
import { RUN_STATUS_EVENT_TYPES, type EventType } from './event-type.js';
import { INITIAL_RUN_STATUSES, type RunStatus } from './run-status.js';

/** Thrown when a run is created in a status or with a first event that makes no sense. */
export class InvalidNewRunError extends OrreryError<'VALIDATION_FAILED', { status: RunStatus; eventType: EventType | null }> {
  constructor(status: RunStatus, eventType: EventType | undefined, reason: string) {
    super('VALIDATION_FAILED', {
      message: `cannot create a run in ${status}${eventType ? ` with ${eventType}` : ''}: ${reason}`,
      details: { status, eventType: eventType ?? null },
    });
  }
}

const statusEvents: ReadonlySet<string> = new Set(RUN_STATUS_EVENT_TYPES);

/**
 * Checks a run's initial status against the event created with it. A QUEUED run is born
 * with its RUN_ENQUEUED event (the run exists and is queued in one transaction); NOT_STARTED
 * and MANAGED runs may carry any non-status event. Every later status goes through
 * RUN_TRANSITIONS.
 */
export function assertRunCreation(status: RunStatus, eventType: EventType | undefined): void {
  if (!INITIAL_RUN_STATUSES.has(status)) {
    throw new InvalidNewRunError(status, eventType, `a run starts as ${[...INITIAL_RUN_STATUSES].join(', ')}`);
  }
  if (status === 'QUEUED') {
    if (eventType !== 'RUN_ENQUEUED') throw new InvalidNewRunError(status, eventType, 'a queued run is created with RUN_ENQUEUED');
    return;
  }
  if (eventType !== undefined && statusEvents.has(eventType)) {
    throw new InvalidNewRunError(status, eventType, `${eventType} changes a status; use a transition`);
  }
}
