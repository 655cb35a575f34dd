// One timer that fires at the earliest deadline asked of it: the only way the I/O layer
// turns an engine's pollTimeout() (a time on the performance.now() clock) into a timer.

/** A re-armable timer for an engine's next deadline. */
export class DeadlineTimer {
  #timer: NodeJS.Timeout | null = null;
  #at = Infinity;

  /**
   * `fire` runs once the deadline passed; `keepAlive` false lets the process exit while
   * only this timer waits (an auxiliary engine whose owner keeps its own timer).
   */
  constructor(
    private readonly fire: () => void,
    private readonly keepAlive = true,
  ) {}

  /** Fires at `at` (performance.now() ms) unless it is already set to fire as early. */
  arm(at: number): void {
    if (this.#timer && at >= this.#at) return;
    this.cancel();
    this.#at = at;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#at = Infinity;
      this.fire();
    }, Math.max(0, Math.ceil(at - performance.now())));
    if (!this.keepAlive) this.#timer.unref();
  }

  /** Stops the timer; arm() sets it again. */
  cancel(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#at = Infinity;
  }
}
