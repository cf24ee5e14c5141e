export type { EnvSource } from './env-source.js';
export { EnvError, type EnvProblem } from './env-error.js';
export { loadEnv } from './load-env.js';
export { booleanFlag, durationMs, integer, logLevel, port, url } from './env-fields.js';
export { EX_CONFIG, exitOnConfigError, type ExitOnConfigErrorOptions } from './exit-on-config-error.js';
