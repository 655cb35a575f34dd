// Hands transport events to the W3C objects so that each received data channel message
// is dispatched in its own task (W3C webrtc-pc §6.2 "receiving messages": queue a task
// per message), with microtasks run between two messages as in a browser: a promise
// continuation that sets `onmessage` after the first message is in place for the second.
// A message that arrives with no other message in the same turn is dispatched at once; a
// further one in that turn, and every event behind it, waits for later turns, one message
// per turn, in arrival order.
//
// Deliberate deviation under load: one message per turn drains far slower than a peer can
// send small messages (one UDP datagram carries dozens, one turn reads dozens of datagrams),
// and SCTP has already acknowledged what waits here, so the backlog would grow without
// bound. Beyond BACKLOG_MESSAGES waiting messages a turn delivers down to that many.

/** Waiting messages above which a turn delivers more than one (see the top of the file). */
export const BACKLOG_MESSAGES = 64;

/** An ordered queue of deliveries, paced to one message per task. */
export class DeliveryQueue<T> {
  private readonly waiting: T[] = [];
  private head = 0;
  private scheduled = false;
  /** Received messages among the waiting events. */
  private waitingMessages = 0;
  /** A message was dispatched in this turn: the next one waits for a later task. */
  private messageThisTurn = false;

  constructor(
    /** Delivers one event. */
    private readonly deliver: (item: T) => void,
    /** Whether an event is a received message (paced one per task). */
    private readonly isMessage: (item: T) => boolean,
  ) {}

  /** Delivers now when nothing waits and no message went out in this turn; else queues. */
  push(item: T): void {
    const message = this.isMessage(item);
    if (this.head === this.waiting.length && !(message && this.messageThisTurn)) {
      if (message) this.markTurn();
      this.deliver(item);
      return;
    }
    this.waiting.push(item);
    if (message) this.waitingMessages++;
    this.schedule();
  }

  /** Drops what waits (the peer connection closed). */
  clear(): void {
    this.waiting.length = 0;
    this.head = 0;
    this.waitingMessages = 0;
  }

  private markTurn(): void {
    if (this.messageThisTurn) return;
    this.messageThisTurn = true;
    // Cleared once the current task's script and its microtasks are done.
    queueMicrotask(() => {
      this.messageThisTurn = false;
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.drain());
  }

  /**
   * One task: the events up to and including the next message, or, with a backlog, up to
   * the message that leaves BACKLOG_MESSAGES waiting.
   */
  private drain(): void {
    this.scheduled = false;
    // Bounded: the loop ends when the queue is empty or after the last message this turn takes.
    let messages = Math.max(1, this.waitingMessages - BACKLOG_MESSAGES);
    while (this.head < this.waiting.length) {
      const item = this.waiting[this.head]!;
      this.waiting[this.head++] = undefined as T;
      const message = this.isMessage(item);
      if (message) {
        this.waitingMessages--;
        this.markTurn();
      }
      this.deliver(item);
      if (message && --messages === 0) break;
    }
    if (this.head === this.waiting.length) {
      this.waiting.length = 0;
      this.head = 0;
    } else {
      this.schedule();
    }
  }
}
