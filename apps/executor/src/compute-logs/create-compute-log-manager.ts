import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ComputeLogsConfig } from '@orrery/contracts';
import { ComputeLogManager } from './compute-log-manager.js';
import { LocalLogFiles } from './local-log-files.js';
import type { LogStream } from './log-key.js';
import { S3LogStore } from './s3-log-store.js';

/** Options of {@link createComputeLogManager} besides the config. */
export interface CreateComputeLogManagerOptions {
  /** With `s3`: the local directory files are staged in before upload. Default `<os tmpdir>/orrery-compute-logs`. */
  stagingDir?: string;
  /** Step output also reaches the executor's own stdout/stderr. Default true. */
  teeToProcess?: boolean;
  /** Told of failed writes and uploads. */
  onError?: (error: Error) => void;
}

function s3Store(config: Extract<ComputeLogsConfig, { type: 's3' }>): S3LogStore {
  return new S3LogStore({
    bucket: config.bucket, prefix: config.prefix, endpoint: config.endpoint, region: config.region,
    accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey, forcePathStyle: config.forcePathStyle,
  });
}

/**
 * The compute log manager `orrery.yaml`'s `compute_logs` describes: `local` writes
 * `<base_dir>/<runId>/<stepKey>.out|.err` (base_dir relative to the working directory);
 * `s3` stages the same files under `stagingDir` and uploads them to
 * `<prefix>/<runId>/<stepKey>.out|.err` when each step ends and every
 * `upload_interval_seconds` when set.
 */
export function createComputeLogManager(config: ComputeLogsConfig, options: CreateComputeLogManagerOptions = {}): ComputeLogManager {
  const fileOptions = options.onError ? { onError: options.onError } : {};
  const common = { teeToProcess: options.teeToProcess ?? true, ...(options.onError ? { onError: options.onError } : {}) };
  switch (config.type) {
    case 'local':
      return new ComputeLogManager({ files: new LocalLogFiles(resolve(config.baseDir), fileOptions), ...common });
    case 's3':
      return new ComputeLogManager({
        files: new LocalLogFiles(options.stagingDir ?? join(tmpdir(), 'orrery-compute-logs'), fileOptions),
        remote: s3Store(config),
        uploadIntervalMs: config.uploadIntervalSeconds === undefined ? undefined : config.uploadIntervalSeconds * 1000,
        ...common,
      });
    default: {
      const unknown: never = config;
      throw new TypeError(`unknown compute_logs type ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * Reads one stream of a step's captured log where `compute_logs` says it is kept (the
 * local file, or the uploaded S3 object), without an executor: for the api's log endpoint.
 * Null when nothing was captured.
 */
export async function readComputeLog(config: ComputeLogsConfig, logKey: string, stream: LogStream): Promise<string | null> {
  if (config.type === 'local') return await new LocalLogFiles(resolve(config.baseDir)).read(logKey, stream);
  const store = s3Store(config);
  try {
    return await store.get(logKey, stream);
  } finally {
    store.destroy();
  }
}
