// The operations chain (W3C WebRTC §4.4.1.1) and "queue a task" for one peer connection.

/** Runs `fn` as a task after the current one (and after pending microtasks). */
export function queueTask(fn: () => void): void {
  setImmediate(fn);
}

/** Resolves in a later task. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** One peer connection's operations chain. */
export class OperationsChain {
  private readonly ops: Array<() => void> = [];

  constructor(
    private readonly isClosed: () => boolean,
    /** Called when the chain becomes empty (update the negotiation-needed flag). */
    private readonly onEmpty: () => void,
  ) {}

  /** Number of operations queued or running. */
  get length(): number {
    return this.ops.length;
  }

  /**
   * W3C §4.4.1.1 "chain an operation": runs `op` when the earlier ones are done. Once the
   * connection is closed, results are never delivered (the promise stays pending).
   */
  chain<T>(op: () => Promise<T>): Promise<T> {
    if (this.isClosed()) return Promise.reject(new DOMException('The peer connection is closed.', 'InvalidStateError'));
    return new Promise<T>((resolve, reject) => {
      const run = (): void => {
        let p: Promise<T>;
        try {
          p = op();
        } catch (e) {
          p = Promise.reject(e);
        }
        p.then(
          (v) => this.settle(() => resolve(v)),
          (e) => this.settle(() => reject(e)),
        );
      };
      this.ops.push(run);
      if (this.ops.length === 1) run();
    });
  }

  private settle(deliver: () => void): void {
    if (this.isClosed()) return;
    deliver();
    this.ops.shift();
    if (this.ops.length > 0) this.ops[0]!();
    else this.onEmpty();
  }
}
