import type { NewEvent } from '@orrery/core';

/**
 * Where the engine writes events (ARCHITECTURE.md: engine → EventSink port). `emit` is
 * synchronous so a trivial step costs microseconds: implementations buffer and flush
 * (the executor batches into `event_logs`; tests collect into an array).
 */
export interface EventSink {
  emit(event: NewEvent): void;
}

/** An EventSink that keeps every event in memory (tests, `materialize()`). */
export class MemoryEventSink implements EventSink {
  readonly events: NewEvent[] = [];

  emit(event: NewEvent): void {
    this.events.push(event);
  }

  /** The types of the events emitted so far, in order. */
  types(): string[] {
    return this.events.map((event) => event.type);
  }
}
