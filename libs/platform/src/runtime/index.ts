export { createLogger, type Logger, type LoggerOptions } from './logger.js';
export { startTelemetry, type Telemetry, type TelemetryOptions } from './telemetry.js';
export { sleep } from './abortable-sleep.js';
export { runDaemonLoop, type DaemonLoopOptions } from './daemon-loop.js';
export { ShutdownManager, exitCodeFor, type ShutdownHook, type ShutdownManagerOptions, type ShutdownProcess } from './shutdown-manager.js';
export { HealthServer, evaluateReadiness, type HealthServerOptions, type ReadinessCheck } from './health-server.js';
