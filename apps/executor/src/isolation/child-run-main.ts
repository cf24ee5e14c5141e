// Entry of the child process that runs one attempt in `process` isolation: loads the code
// location, runs the attempt with the engine and streams its events to the executor, which
// stores them. Whatever the user's code does here — process.exit, an endless loop, running
// out of memory — ends this process, never the executor.
import type { NewEvent } from '@orrery/core';
import type { EventSink } from '@orrery/engine';
import { executeAttempt } from '../runs/execute-attempt.js';
import { loadDefinitions } from '../locations/load-definitions.js';
import type { FromChild, ToChild } from './child-protocol.js';

const controller = new AbortController();
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

const sink: EventSink = {
  emit(event) {
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
    process.exit(1);
  }
  const result = await executeAttempt(definitions, message.request, {
    sink, signal: controller.signal, env: process.env,
  });
  await flushEvents();
  await send({ kind: 'done', status: result.status });
  process.exit(0);
}

process.on('message', (message: ToChild) => {
  if (message.kind === 'cancel') controller.abort(new Error('the run was canceled'));
  else void run(message);
});
// The executor went away: nobody would store this run's events.
process.on('disconnect', () => process.exit(1));
