import { toErrorInfo } from '@orrery/contracts';
import type { ExecutionPlan, JsonObject, NewEvent, PlanStep } from '@orrery/core';
import type { EventSink } from '../event-sink.js';
import { orderExpansion, type PlanExpansion, type StepStanding } from './plan-expansion.js';
import type { RetryDecider, StepAttempt, StepAttemptResult, StepOutcome, StepRunner } from './step-attempt.js';
import { StepCanceledError, StepTimeoutError } from './step-timeout-error.js';

/** Options of {@link runPlan}. */
export interface RunPlanOptions {
  runId: string;
  plan: ExecutionPlan;
  runStep: StepRunner;
  sink: EventSink;
  /** Steps running at once. Default: unlimited. */
  maxConcurrency?: number;
  /** Aborting it cancels the run: no step starts, running steps' signals abort. */
  signal?: AbortSignal;
  /** Default: never retry. */
  retry?: RetryDecider;
  /** Time limit of one attempt of a step, in ms; undefined = none. */
  stepTimeoutMs?: (step: PlanStep) => number | undefined;
  /** Partition of the run, written on step events. */
  partition?: string | null;
  /**
   * After cancellation, how long running steps get to stop (ms) before the run ends
   * without them; their late results are ignored. Default 5000.
   */
  cancelGraceMs?: number;
  /** Extra data written on a step's STEP_START event (e.g. an op's tags). */
  stepStartData?: (step: PlanStep) => JsonObject | undefined;
}

/** How a plan ended and how each step ended (steps added while running included). */
export interface PlanResult {
  status: 'success' | 'failure' | 'canceled';
  steps: Map<string, StepOutcome>;
}

interface StepState {
  step: PlanStep;
  waitingOn: number;
  /** A dep failed or was skipped (or asked to skip this step). */
  blocked: boolean;
  outcome: StepOutcome;
}

/**
 * Runs the steps of `plan` as their deps succeed, at most `maxConcurrency` at a time.
 * A failed step is retried per `retry` (the wait holds no concurrency slot); once it fails
 * for good its transitive dependents are skipped (STEP_SKIPPED) and the others go on, as in
 * Dagster. A successful step may add steps to the plan (`expand`: a dynamic output's
 * mapped steps) before its dependents are released. Cancellation stops intake and aborts
 * running steps. Never throws for a step's error: user code failing is an outcome, not a crash.
 */
export function runPlan(options: RunPlanOptions): Promise<PlanResult> {
  const { plan, sink, runId } = options;
  const maxConcurrency = options.maxConcurrency ?? Number.POSITIVE_INFINITY;
  const states = new Map<string, StepState>();
  for (const step of plan.steps) {
    states.set(step.key, { step, waitingOn: new Set(step.deps).size, blocked: false, outcome: 'not_started' });
  }
  // A copy: expansions add dependents as the run goes.
  const dependents = new Map<string, string[]>(plan.steps.map((step) => [step.key, [...(plan.dependents.get(step.key) ?? [])]]));
  const ready: StepState[] = plan.steps.filter((step) => states.get(step.key)!.waitingOn === 0).map((step) => states.get(step.key)!);
  const running = new Map<string, AbortController>();
  /** Steps waiting out a retry delay, by their timer. */
  const retryTimers = new Map<NodeJS.Timeout, StepState>();
  let anyFailed = false;
  let finished = false;

  const emit = (type: NewEvent['type'], step: PlanStep, message: string, data: NewEvent['data'] = {}, level: NewEvent['level'] = 'INFO') =>
    sink.emit({ runId, type, stepKey: step.key, partition: options.partition ?? null, timestamp: new Date(), message, data, level });

  return new Promise<PlanResult>((resolve) => {
    const canceled = () => options.signal?.aborted === true;

    const finish = () => {
      finished = true;
      const outcomes = new Map([...states].map(([key, state]) => [key, state.outcome]));
      resolve({ status: canceled() ? 'canceled' : anyFailed ? 'failure' : 'success', steps: outcomes });
    };
    const finishIfDone = () => {
      if (finished || running.size > 0 || retryTimers.size > 0 || (ready.length > 0 && !canceled())) return;
      finish();
    };

    /** Marks a dep of each dependent as settled; a blocked dependent is skipped, an unblocked one becomes ready. */
    const release = (key: string, ok: boolean, skipping: ReadonlySet<string> = new Set()) => {
      for (const dependentKey of dependents.get(key) ?? []) {
        const dependent = states.get(dependentKey)!;
        if (!ok || skipping.has(dependentKey)) dependent.blocked = true;
        dependent.waitingOn -= 1;
        if (dependent.waitingOn > 0) continue;
        if (dependent.blocked) skip(dependent);
        else ready.push(dependent);
      }
    };
    const skip = (state: StepState) => {
      state.outcome = 'skipped';
      emit('STEP_SKIPPED', state.step, `skipped: an upstream step did not produce its inputs`);
      release(state.step.key, false);
    };

    const standingOf = (key: string): StepStanding => {
      const state = states.get(key);
      if (state === undefined) return 'absent';
      return state.outcome === 'not_started' && state.waitingOn > 0 ? 'waiting' : 'ready_or_later';
    };
    /** Makes `state` wait for `depKey` unless that dep already settled (a failed one blocks it). */
    const link = (depKey: string, state: StepState) => {
      const dep = states.get(depKey)!;
      if (dep.outcome === 'success') return;
      if (dep.outcome !== 'not_started') {
        state.blocked = true;
        return;
      }
      state.waitingOn += 1;
      dependents.get(depKey)!.push(state.step.key);
    };
    /** Adds validated steps (parents first) and the extra waits of existing steps. */
    const expand = (added: readonly PlanStep[], waitFor: PlanExpansion['waitFor']) => {
      const fresh = added.map((step) => {
        const state: StepState = { step, waitingOn: 0, blocked: false, outcome: 'not_started' };
        states.set(step.key, state);
        dependents.set(step.key, []);
        return state;
      });
      for (const state of fresh) for (const dep of new Set(state.step.deps)) link(dep, state);
      for (const [key, deps] of waitFor ?? []) for (const dep of new Set(deps)) link(dep, states.get(key)!);
      // Decided only after every link: skipping one new step releases the new steps after it.
      for (const state of fresh.filter((candidate) => candidate.waitingOn === 0)) {
        if (state.blocked) skip(state);
        else ready.push(state);
      }
    };

    const startAttempt = (state: StepState, attempt: number) => {
      const controller = new AbortController();
      running.set(state.step.key, controller);
      const data = { ...(attempt === 1 ? options.stepStartData?.(state.step) : undefined), attempt };
      emit(attempt === 1 ? 'STEP_START' : 'STEP_RESTARTED', state.step, attempt === 1 ? 'started' : `attempt ${attempt} started`, data);
      const started = performance.now();
      void runAttempt(options, { step: state.step, attempt, signal: controller.signal }, controller).then(
        (result) => settle(state, attempt, started, undefined, result ?? {}),
        (error: unknown) => settle(state, attempt, started, error, {}),
      );
    };

    const settle = (state: StepState, attempt: number, started: number, error: unknown, result: StepAttemptResult) => {
      // A step abandoned after the cancel grace period has already been reported.
      if (finished) return;
      running.delete(state.step.key);
      const durationMs = Math.round((performance.now() - started) * 1000) / 1000;
      let failed = error;
      let added: readonly PlanStep[] = [];
      if (failed === undefined && !canceled() && result.expand !== undefined) {
        try {
          added = orderExpansion(state.step.key, result.expand, standingOf);
        } catch (expansionError) {
          failed = expansionError;
        }
      }
      if (failed === undefined && !canceled()) {
        state.outcome = 'success';
        emit('STEP_SUCCESS', state.step, `succeeded in ${durationMs} ms`, { attempt, durationMs });
        // Before the release: a dependent told to wait for new steps must not start now.
        expand(added, result.expand?.waitFor);
        release(state.step.key, true, new Set(result.skipDependents ?? []));
      } else {
        const failure = failed ?? new StepCanceledError(state.step.key);
        const decision = canceled() ? undefined : options.retry?.(state.step, attempt, failure);
        if (decision) {
          emit('STEP_UP_FOR_RETRY', state.step, `attempt ${attempt} failed; retrying in ${decision.delayMs} ms`, {
            attempt, delayMs: decision.delayMs, error: toErrorInfo(failure) as never,
          }, 'WARNING');
          const timer = setTimeout(() => {
            retryTimers.delete(timer);
            if (canceled()) state.outcome = 'canceled';
            else startAttempt(state, attempt + 1);
            pump();
          }, decision.delayMs);
          retryTimers.set(timer, state);
        } else {
          state.outcome = canceled() ? 'canceled' : 'failure';
          if (!canceled()) anyFailed = true;
          emit('STEP_FAILURE', state.step, (failure as Error).message ?? String(failure), {
            attempt, durationMs, canceled: canceled(), error: toErrorInfo(failure) as never,
          }, 'ERROR');
          release(state.step.key, false);
        }
      }
      pump();
    };

    const pump = () => {
      while (!canceled() && ready.length > 0 && running.size < maxConcurrency) startAttempt(ready.shift()!, 1);
      finishIfDone();
    };

    options.signal?.addEventListener('abort', () => {
      for (const [timer, state] of retryTimers) {
        clearTimeout(timer);
        state.outcome = 'canceled';
      }
      retryTimers.clear();
      for (const controller of running.values()) controller.abort(options.signal?.reason);
      // In-process code cannot be killed: a step that ignores its signal is abandoned.
      const grace = setTimeout(() => {
        if (finished) return;
        for (const key of running.keys()) {
          const state = states.get(key)!;
          state.outcome = 'canceled';
          emit('STEP_FAILURE', state.step, 'did not stop within the cancel grace period; abandoned', { canceled: true }, 'ERROR');
        }
        running.clear();
        finish();
      }, options.cancelGraceMs ?? 5000);
      grace.unref?.();
      finishIfDone();
      if (finished) clearTimeout(grace);
    }, { once: true });

    pump();
  });
}

/** Runs one attempt with its time limit; the attempt's signal aborts on timeout or cancel. */
async function runAttempt(options: RunPlanOptions, attempt: StepAttempt, controller: AbortController): Promise<StepAttemptResult | void> {
  const timeoutMs = options.stepTimeoutMs?.(attempt.step);
  if (timeoutMs === undefined) return await options.runStep(attempt);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new StepTimeoutError(attempt.step.key, timeoutMs);
      // Reject first: a step that resolves as soon as it is aborted must still count as timed out.
      reject(error);
      controller.abort(error);
    }, timeoutMs);
  });
  try {
    return await Promise.race([options.runStep(attempt), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
