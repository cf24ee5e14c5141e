import type { NewEvent } from '@orrery/core';
import type { EventSink } from '@orrery/engine';

/** The run's end as the engine reported it: RUN_SUCCESS, RUN_FAILURE or RUN_CANCELED. */
export type TerminalEvent = NewEvent & { type: 'RUN_SUCCESS' | 'RUN_FAILURE' | 'RUN_CANCELED' };

/** Where step events go: the executor's batching writer onto `event_logs`. */
export interface EventBuffer {
  emit(event: NewEvent): void;
}

/**
 * The engine's EventSink for one claimed attempt. Step, asset and log events go to the batch
 * writer. Run status events do not: a status changes only through the fenced transition
 * that writes its event in the same transaction — RUN_START was written by the claim, and
 * the terminal event is kept here for the executor to write once every event before it is
 * stored, so a follower never sees RUN_SUCCESS before the last step's events.
 */
export class AttemptEventSink implements EventSink {
  private terminalEvent: TerminalEvent | undefined;
  private stepEvents = 0;

  constructor(private readonly buffer: EventBuffer) {}

  emit(event: NewEvent): void {
    switch (event.type) {
      case 'RUN_START':
        return;
      case 'RUN_SUCCESS':
      case 'RUN_FAILURE':
      case 'RUN_CANCELED':
        this.terminalEvent = event as TerminalEvent;
        return;
      default:
        this.stepEvents += 1;
        this.buffer.emit(event);
    }
  }

  /** The terminal event, once the engine emitted it. */
  get terminal(): TerminalEvent | undefined {
    return this.terminalEvent;
  }

  /** Events forwarded to the writer so far. */
  get forwarded(): number {
    return this.stepEvents;
  }
}
