// Compute logs of steps: captured stdout/stderr and context.log lines, on local disk or S3.
export { ComputeLogManager, ComputeLogUploadError, type ComputeLogManagerOptions } from './compute-log-manager.js';
export { createComputeLogManager, readComputeLog, type CreateComputeLogManagerOptions } from './create-compute-log-manager.js';
export { LocalLogFiles, type LocalLogFilesOptions } from './local-log-files.js';
export { logKeyFor, parseLogKey, streamPath, type LogStream } from './log-key.js';
export { S3LogStore, type S3LogStoreOptions } from './s3-log-store.js';
export { currentStepLogKey, installStdioCapture } from './step-output-context.js';
export { stepOutputAround } from './step-output-around.js';
