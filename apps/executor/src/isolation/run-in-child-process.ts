import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ComputeLogsConfig } from '@orrery/contracts';
import type { NewEvent } from '@orrery/core';
import type { EventSink, RunResult } from '@orrery/engine';
import type { ResolvedCodeLocationConfig } from '@orrery/platform';
import type { RunExecutionRequest } from '../runs/run-execution-request.js';
import type { FromChild, ToChild } from './child-protocol.js';

/** Options of {@link runInChildProcess}. */
export interface ChildRunOptions {
  location: ResolvedCodeLocationConfig;
  request: RunExecutionRequest;
  sink: EventSink;
  signal: AbortSignal;
  /** After a cancel, how long cooperative steps get before the child is killed, in ms. */
  killGraceMs: number;
  /** Postgres of the instance, for the child's pool slots and dynamic partitions. */
  databaseUrl?: string;
  /** `compute_logs` of orrery.yaml, for the child's capture of its steps' output. */
  computeLogs?: ComputeLogsConfig;
  /** Extra `execArgv` of the child, e.g. `--max-old-space-size=512`. */
  execArgv?: readonly string[];
}

const CHILD_MAIN = new URL('./child-run-main.js', import.meta.url);
const FINISHED_STEP_EVENTS = new Set(['STEP_SUCCESS', 'STEP_FAILURE', 'STEP_SKIPPED']);

/**
 * Runs one attempt in a child process (`process` isolation) and forwards its events to
 * `sink`. A child that dies before reporting its end — `process.exit` in a step, a crash, out
 * of memory, killed after a cancel it ignored — fails the steps it had in progress and the
 * run (RUN_FAILURE with the exit code or signal); the executor is untouched.
 */
export async function runInChildProcess(options: ChildRunOptions): Promise<Pick<RunResult, 'status'>> {
  const { request, sink, signal } = options;
  const child = fork(fileURLToPath(CHILD_MAIN), [], {
    serialization: 'advanced',
    // Not the executor's own flags (e.g. a debugger port); a TypeScript location registers tsx itself.
    execArgv: [...(options.execArgv ?? [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const running = new Set<string>();
  let done: FromChild & { kind: 'done' } | undefined;
  let loadFailure: FromChild & { kind: 'load-failed' } | undefined;

  child.on('message', (message: FromChild) => {
    if (message.kind === 'events') {
      for (const event of message.events) {
        trackStep(running, event);
        sink.emit(event);
      }
    } else if (message.kind === 'done') done = message;
    else loadFailure = message;
  });

  let killTimer: NodeJS.Timeout | undefined;
  const cancel = () => {
    sendTo(child, { kind: 'cancel' });
    killTimer = setTimeout(() => child.kill('SIGKILL'), options.killGraceMs);
  };
  if (signal.aborted) cancel();
  else signal.addEventListener('abort', cancel, { once: true });

  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    // 'close', not 'exit': IPC messages sent just before exiting may arrive after 'exit'.
    child.once('close', (code, exitSignal) => resolve({ code, signal: exitSignal }));
    child.once('spawn', () => sendTo(child, {
      kind: 'run', location: options.location, request,
      ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
      ...(options.computeLogs ? { computeLogs: options.computeLogs } : {}),
    }));
  });
  clearTimeout(killTimer);
  signal.removeEventListener('abort', cancel);
  if (done) return { status: done.status };

  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  const now = () => new Date();
  if (loadFailure) {
    sink.emit(failureEvent(request.runId, `the run's process could not load code location ${request.location}: ${loadFailure.message}`, 'JOB_INITIALIZATION_FAILURE', now()));
    return { status: 'FAILURE' };
  }
  for (const stepKey of running) {
    sink.emit({
      runId: request.runId, type: 'STEP_FAILURE', stepKey, level: 'ERROR', timestamp: now(),
      message: `step ${stepKey} did not finish: the run's process ${how}`,
      data: { error: { message: `the run's process ${how}` }, exitCode: exit.code, signal: exit.signal },
    });
  }
  if (signal.aborted) {
    sink.emit({ runId: request.runId, type: 'RUN_CANCELED', timestamp: now(), message: `run canceled; its process ${how}` });
    return { status: 'CANCELED' };
  }
  const reason = running.size > 0 ? 'STEP_FAILURE' : 'RUN_EXCEPTION';
  sink.emit(failureEvent(request.runId, `the run's process ${how}`, reason, now(), [...running]));
  return { status: 'FAILURE' };
}

function trackStep(running: Set<string>, event: NewEvent): void {
  if (!event.stepKey) return;
  if (event.type === 'STEP_START') running.add(event.stepKey);
  else if (FINISHED_STEP_EVENTS.has(event.type)) running.delete(event.stepKey);
}

function failureEvent(runId: string, message: string, reason: string, timestamp: Date, failedSteps: string[] = []): NewEvent {
  return { runId, type: 'RUN_FAILURE', level: 'ERROR', timestamp, message, data: { reason, failedSteps } };
}

function sendTo(child: ChildProcess, message: ToChild): void {
  if (child.connected) child.send(message);
}
