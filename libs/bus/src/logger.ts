/** One log method: structured fields first, then the message (pino's argument order). */
export type BusLogFn = (fields: Record<string, unknown>, message: string) => void;

/** The logging the bus needs; a pino logger satisfies it. Errors are logged under `err`. */
export interface BusLogger {
  debug: BusLogFn;
  info: BusLogFn;
  warn: BusLogFn;
  error: BusLogFn;
}

const ignore: BusLogFn = () => {};

/** Logs nothing: the default when no logger is given. */
export const silentLogger: BusLogger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
