// Entry of the child process that runs one attempt in `process` isolation: loads the code
// location, runs the attempt with the engine and streams its events to the executor, which
// stores them. Whatever the user's code does here — process.exit, an endless loop, running
// out of memory — ends this process, never the executor.
import type { NewEvent } from '@orrery/core';
import type { EventSink } from '@orrery/engine';
import { executeAttempt } from '../runs/execute-attempt.js';
import { poolSlotsAround } from '../runs/pool-steps.js';
import { composeStepWrappers } from '../runs/compose-step-wrappers.js';
import { createComputeLogManager, stepOutputAround } from '../compute-logs/index.js';
import { connectInstance } from './child-instance.js';
import { loadDefinitions } from '../locations/load-definitions.js';
import type { FromChild, ToChild } from './child-protocol.js';

const controller = new AbortController();
const exitNow: (code?: number | string | null) => never = process.exit.bind(process);
let pending: NewEvent[] = [];
let flushScheduled = false;

function send(message: FromChild): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, undefined, () => resolve());
  });
}

// Events leave in batches per turn of the event loop: one IPC message for a burst.
function flushEvents(): Promise<void> {
  flushScheduled = false;
  if (pending.length === 0) return Promise.resolve();
  const events = pending;
  pending = [];
  return send({ kind: 'events', events });
}

let exiting = false;

const sink: EventSink = {
  emit(event) {
    // After process.exit the user's code may still run on; what it emits then never happened.
    if (exiting) return;
    pending.push(event);
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(() => void flushEvents());
    }
  },
};

async function run(message: Extract<ToChild, { kind: 'run' }>): Promise<void> {
  let definitions;
  try {
    definitions = await loadDefinitions(message.location);
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    await send({ kind: 'load-failed', message: failure.message, ...(failure.stack ? { stack: failure.stack } : {}) });
    exitNow(1);
  }
  const { request } = message;
  const instance = message.databaseUrl ? await connectInstance(message.databaseUrl) : undefined;
  const computeLogs = message.computeLogs ? createComputeLogManager(message.computeLogs) : undefined;
  const wrapStep = composeStepWrappers(
    instance ? poolSlotsAround(instance.poolSlots, request) : undefined,
    computeLogs ? stepOutputAround(computeLogs, request.runId) : undefined,
  );
  const result = await executeAttempt(definitions, request, {
    sink, signal: controller.signal, env: process.env,
    ...(wrapStep ? { wrapStep } : {}),
    ...(computeLogs ? { computeLogs } : {}),
    ...(instance ? { dynamicPartitions: instance.dynamicPartitions } : {}),
  });
  await computeLogs?.close();
  await instance?.close();
  // The user's code called process.exit: the run did not finish, whatever the engine says.
  if (exiting) return;
  await flushEvents();
  await send({ kind: 'done', status: result.status });
  exitNow(0);
}

// A step that calls process.exit must not take its last events with it: the exit waits
// until they are sent (a crash or an out-of-memory kill still loses the unsent ones, and the
// executor then fails the run without knowing the step).
process.exit = ((code?: number | string | null) => {
  exiting = true;
  void flushEvents().finally(() => exitNow(code ?? undefined));
  return undefined as never;
}) as typeof process.exit;

process.on('message', (message: ToChild) => {
  if (message.kind === 'cancel') controller.abort(new Error('the run was canceled'));
  else void run(message);
});
// The executor went away: nobody would store this run's events.
process.on('disconnect', () => process.exit(1));
