import type { SlotClaim, SlotRequest } from '@orrery/db';

/** The part of PrismaConcurrencyStore a {@link PoolSlotWaiter} uses. */
export interface PoolSlotStore {
  claimSlot(request: SlotRequest): Promise<SlotClaim>;
  releaseSlot(runId: string, stepKey: string): Promise<boolean>;
}

/** Options of a {@link PoolSlotWaiter}. */
export interface PoolSlotWaiterOptions {
  /** Wait after the first refused claim, in ms; grows by half per refusal. Default 5. */
  initialDelayMs?: number;
  /** Longest wait between two claims, in ms. Default 250. */
  maxDelayMs?: number;
}

/** What {@link PoolSlotWaiter.acquire} waits for. */
export interface AcquireSlotRequest extends SlotRequest {
  /** Aborting gives up the wait: the step leaves the pool's queue and acquire rejects. */
  signal?: AbortSignal;
}

/** {@link PoolSlotWaiter.acquire} gave up because its signal aborted; the step holds no slot. */
export class SlotWaitAbortedError extends Error {
  override readonly name = 'SlotWaitAbortedError';
  constructor(
    readonly pool: string,
    readonly stepKey: string,
    options: { cause: unknown },
  ) {
    super(`waiting for a slot of pool "${pool}" for step ${stepKey} was aborted`, options);
  }
}

/** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Waits for a concurrency-pool slot before a step runs (Dagster's op concurrency). Polls
 * the store's one-shot `claimSlot` with a short delay that grows from `initialDelayMs` to
 * `maxDelayMs`: a slot freed in another executor is seen within `maxDelayMs`, while a
 * pool with room answers on the first try. Postgres decides the turn order (priority,
 * then age), not this class.
 */
export class PoolSlotWaiter {
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(
    private readonly store: PoolSlotStore,
    options: PoolSlotWaiterOptions = {},
  ) {
    this.initialDelayMs = options.initialDelayMs ?? 5;
    this.maxDelayMs = Math.max(this.initialDelayMs, options.maxDelayMs ?? 250);
  }

  /**
   * Resolves once the step holds a slot of `pool`. When `signal` aborts first, removes the
   * step from the pool's queue (releasing a slot a claim in flight may just have taken)
   * and rejects with {@link SlotWaitAbortedError}. A store error rejects as it is.
   */
  async acquire(request: AcquireSlotRequest): Promise<void> {
    const { signal, ...slot } = request;
    let delay = this.initialDelayMs;
    while (!signal?.aborted) {
      if ((await this.store.claimSlot(slot)).claimed) {
        // The claim won the race against the abort: give the slot back, the step won't run.
        if (signal?.aborted) break;
        return;
      }
      await pause(delay, signal);
      delay = Math.min(this.maxDelayMs, Math.ceil(delay * 1.5));
    }
    await this.store.releaseSlot(slot.runId, slot.stepKey);
    throw new SlotWaitAbortedError(slot.pool, slot.stepKey, { cause: signal?.reason });
  }

  /** Frees the step's slot once it has finished, however it finished. Idempotent. */
  async release(runId: string, stepKey: string): Promise<void> {
    await this.store.releaseSlot(runId, stepKey);
  }
}
