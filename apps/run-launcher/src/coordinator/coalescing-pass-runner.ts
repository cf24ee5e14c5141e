/**
 * Runs one pass at a time and coalesces requests for more: a request while a pass runs
 * makes exactly one more pass after it, however many requests arrive (a burst of 200
 * wake-up messages costs two passes, not 200). A request while idle starts a pass at once,
 * in the caller's turn, so a wake-up costs no timer delay.
 */
export class CoalescingPassRunner {
  #current: Promise<void> | undefined;
  #pending = false;
  #stopped = false;

  /** `onError` receives what a pass throws; the runner goes on with the next request. */
  constructor(
    private readonly pass: () => Promise<unknown>,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Asks for a pass: now if idle, else once after the current one. Ignored after stop(). */
  request(): void {
    if (this.#stopped) return;
    if (this.#current) {
      this.#pending = true;
      return;
    }
    this.#current = this.#loop();
  }

  /** Resolves once no pass runs or is pending. */
  async idle(): Promise<void> {
    while (this.#current) await this.#current;
  }

  /** Takes no more requests and waits for the pass in progress (a pending one is dropped). */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.idle();
  }

  async #loop(): Promise<void> {
    try {
      do {
        this.#pending = false;
        try {
          await this.pass();
        } catch (error) {
          this.onError(error);
        }
      } while (this.#pending && !this.#stopped);
    } finally {
      this.#current = undefined;
    }
  }
}
