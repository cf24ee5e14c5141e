import type { ComputeLogsConfig } from '@orrery/contracts';
import type { NewEvent } from '@orrery/core';
import type { ResolvedCodeLocationConfig } from '@orrery/platform';
import type { RunExecutionRequest } from '../runs/run-execution-request.js';

// Messages between the executor and the child process of one run (`process` isolation),
// over Node's IPC channel with `advanced` serialization (Dates and bigints survive).

/** Executor → child. */
export type ToChild =
  | {
      kind: 'run';
      location: ResolvedCodeLocationConfig;
      request: RunExecutionRequest;
      /** Postgres of the instance: the child claims pool slots and reads dynamic partitions itself. */
      databaseUrl?: string;
      /** `compute_logs` of orrery.yaml: the child captures its steps' output itself. */
      computeLogs?: ComputeLogsConfig;
    }
  | { kind: 'cancel' };

/** Child → executor. */
export type FromChild =
  | { kind: 'events'; events: NewEvent[] }
  | { kind: 'done'; status: 'SUCCESS' | 'FAILURE' | 'CANCELED' }
  | { kind: 'load-failed'; message: string; stack?: string };
