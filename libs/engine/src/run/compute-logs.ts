import type { StepRunner } from '../scheduler/step-attempt.js';
import { emitEvent, type RunScope } from './run-scope.js';

/**
 * Where the logs of each step are captured (Dagster's compute log manager). The engine
 * writes each `context.log` line of a step; the executor's implementation also captures the
 * step's stdout/stderr and stores them in a directory or an S3-compatible bucket. Without
 * one, nothing is captured and no LOGS_CAPTURED event is written (Dagster's no-op manager).
 */
export interface ComputeLogCapture {
  /** Names where a step's logs are kept, e.g. `<runId>/<stepKey>` (Dagster's log key). */
  logKeyFor(runId: string, stepKey: string): string;
  /** Appends one formatted line to the step's log. */
  append(logKey: string, line: string): void;
}

/** Compute logs kept in memory, by log key (tests, `materialize()`). */
export class MemoryComputeLogs implements ComputeLogCapture {
  private readonly lines = new Map<string, string[]>();

  logKeyFor(runId: string, stepKey: string): string {
    return `${runId}/${stepKey}`;
  }

  append(logKey: string, line: string): void {
    const lines = this.lines.get(logKey);
    if (lines) lines.push(line);
    else this.lines.set(logKey, [line]);
  }

  /** The lines captured under `logKey`, in order. */
  linesOf(logKey: string): readonly string[] {
    return this.lines.get(logKey) ?? [];
  }
}

/** One captured line: time, level, message and the structured data as JSON. */
export function formatLogLine(level: string, message: string, data: Readonly<Record<string, unknown>> | undefined): string {
  const suffix = data && Object.keys(data).length > 0 ? ` ${JSON.stringify(data)}` : '';
  return `${new Date().toISOString()} ${level.padEnd(7)} ${message}${suffix}`;
}

/** Wraps a step runner so each step's logs are captured, announced by LOGS_CAPTURED when it starts. */
export function capturingStepLogs(scope: RunScope, capture: ComputeLogCapture, runStep: StepRunner): StepRunner {
  return (attempt) => {
    const logKey = capture.logKeyFor(scope.runId, attempt.step.key);
    emitEvent(scope, 'LOGS_CAPTURED', {
      stepKey: attempt.step.key, message: `capturing logs of ${attempt.step.key}`,
      data: { logKey, stepKeys: [attempt.step.key], attempt: attempt.attempt },
    });
    return runStep(attempt);
  };
}
