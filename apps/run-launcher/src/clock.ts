/** The time source of the run-launcher's decisions; tests pass a fake. */
export interface Clock {
  now(): Date;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() };
