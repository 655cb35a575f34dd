// The operations chain (W3C WebRTC §4.4.1.1) and "queue a task" for one peer connection.

const tasks: Array<() => void> = [];

/** Runs the oldest queued task, if any. */
function runOne(): void {
  tasks.shift()?.();
}

/**
 * Runs `fn` as a task after the current one (and after pending microtasks), in FIFO order.
 * Each task has its own immediate, so the tasks queued in one turn all run in the next
 * turn's check phase, with microtasks drained between them as between any two tasks. Its
 * own zero-delay timer guarantees it runs no later than a timer that script sets up after
 * queueing it (each firing, immediate or timer, runs the oldest task).
 */
export function queueTask(fn: () => void): void {
  tasks.push(fn);
  setTimeout(runOne, 0);
  setImmediate(runOne);
}

/** Resolves in a later task. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

interface Op {
  run: () => void;
  settled: boolean;
}

/** One peer connection's operations chain. */
export class OperationsChain {
  private readonly ops: Op[] = [];

  constructor(
    private readonly isClosed: () => boolean,
    /** Called when the chain becomes empty (update the negotiation-needed flag). */
    private readonly onEmpty: () => void,
  ) {}

  /** Number of operations queued or running. */
  get length(): number {
    return this.ops.length;
  }

  /** W3C §4.4.1.1 "chain an operation": runs `op` when the earlier ones are done. */
  chain<T>(op: () => Promise<T>): Promise<T> {
    if (this.isClosed()) return Promise.reject(new DOMException('The peer connection is closed.', 'InvalidStateError'));
    return new Promise<T>((resolve, reject) => {
      const entry: Op = {
        settled: false,
        run: () => {
          let p: Promise<T>;
          try {
            p = op();
          } catch (e) {
            p = Promise.reject(e);
          }
          p.then(
            (v) => this.settle(entry, () => resolve(v)),
            (e) => this.settle(entry, () => reject(e)),
          );
        },
      };
      this.ops.push(entry);
      if (this.ops.length === 1) entry.run();
    });
  }

  private settle(entry: Op, deliver: () => void): void {
    if (entry.settled || this.isClosed()) return;
    entry.settled = true;
    deliver();
    this.ops.shift();
    if (this.ops.length > 0) this.ops[0]!.run();
    else this.onEmpty();
  }

}
