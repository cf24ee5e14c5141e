import type { Logger as ServiceLogger } from '@orrery/platform';
import type { Logger } from '@orrery/sdk';

/** `context.log` of schedule and sensor functions: lines go to the executor's log, tagged with the location. */
export function userCodeLogger(logger: ServiceLogger, location: string): Logger {
  const child = logger.child({ location, userCode: true });
  return {
    debug: (message, data) => child.debug(data ?? {}, message),
    info: (message, data) => child.info(data ?? {}, message),
    warn: (message, data) => child.warn(data ?? {}, message),
    error: (message, data) => child.error(data ?? {}, message),
  };
}
