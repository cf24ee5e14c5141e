import { ConfigError } from '../config/config-error.js';
import { EnvError } from './env-error.js';

/** Exit status for a configuration error (sysexits.h EX_CONFIG). */
export const EX_CONFIG = 78;

/** Options of {@link exitOnConfigError}; tests replace the process's streams and exit. */
export interface ExitOnConfigErrorOptions {
  /** Where the message goes. Default: `process.stderr`. */
  readonly stderr?: { write(text: string): unknown };
  /** Ends the process. Default: `process.exit`. */
  readonly exit?: (code: number) => never;
}

/**
 * Runs `fn` (sync or async); if it throws an {@link EnvError} or a `ConfigError`, prints
 * the message alone to stderr — no stack trace: the message already names every bad
 * variable or key — and exits with {@link EX_CONFIG}. Other errors propagate.
 * Use it in main.ts: `const env = exitOnConfigError(() => loadEnv(envSchema, process.env))`.
 */
export function exitOnConfigError<T>(fn: () => T, options: ExitOnConfigErrorOptions = {}): T {
  const fail = (error: unknown): never => {
    if (!(error instanceof EnvError || error instanceof ConfigError)) throw error;
    (options.stderr ?? process.stderr).write(`${error.message}\n`);
    return options.exit !== undefined ? options.exit(EX_CONFIG) : process.exit(EX_CONFIG);
  };
  let result: T;
  try {
    result = fn();
  } catch (error) {
    return fail(error);
  }
  return result instanceof Promise ? (result.catch(fail) as T) : result;
}
