// Outgoing user messages waiting for TSNs: per-stream FIFOs served round robin, one whole
// message at a time (RFC 9260 §6.9: a message's fragments take consecutive TSNs).
import { ssnAdd } from './serial.js';

/** A user message accepted by `send` and not yet fully handed to the wire. */
export interface OutgoingMessage {
  streamId: number;
  ppid: number;
  data: Uint8Array;
  unordered: boolean;
  /** RFC 3758 rexmit policy: transmissions allowed beyond the first; undefined = reliable. */
  maxRetransmits: number | undefined;
  /** RFC 3758 timed policy: abandon after this time; undefined = reliable. */
  expiresAtMs: number | undefined;
  /** Bytes already cut into fragments. */
  offset: number;
  /** Stream sequence number, assigned with the first fragment. */
  ssn: number;
  /** Set when PR-SCTP gave up on the message. */
  abandoned: boolean;
}

/** One fragment ready to take a TSN. */
export interface Fragment {
  msg: OutgoingMessage;
  payload: Uint8Array;
  beginning: boolean;
  ending: boolean;
}

interface StreamQueue {
  items: OutgoingMessage[];
  head: number;
  bytes: number;
  nextSsn: number;
  /** An outgoing SSN reset request is in flight: hold new messages (RFC 6525 §5.1.2). */
  paused: boolean;
  /** resetStreams was called: send what is queued, then ask for the reset. */
  resetRequested: boolean;
  queued: boolean;
}

/** Per-stream FIFOs with round-robin scheduling between streams. */
export class SendQueue {
  private readonly streams = new Map<number, StreamQueue>();
  private readonly ring: number[] = [];
  private current: OutgoingMessage | undefined;
  private totalBytes = 0;
  /** Bytes that left the queue since the last `takeDrained`, per stream. */
  private readonly drained = new Map<number, number>();

  /** Queued bytes on every stream. */
  get bytes(): number {
    return this.totalBytes;
  }

  /** Whether some stream has a message ready to fragment. */
  hasData(): boolean {
    return this.current !== undefined || this.ring.length > 0;
  }

  /** Appends a message to its stream's queue. */
  enqueue(msg: OutgoingMessage): void {
    const q = this.stream(msg.streamId);
    q.items.push(msg);
    q.bytes += msg.data.length;
    this.totalBytes += msg.data.length;
    this.activate(msg.streamId, q);
  }

  /** Bytes queued on a stream and not yet handed to the wire. */
  bufferedAmount(streamId: number): number {
    return this.streams.get(streamId)?.bytes ?? 0;
  }

  /**
   * RFC 3758 §3.5 A3: the message being cut, if it was abandoned (or its lifetime ran out)
   * after some of its fragments took TSNs: it sends no more fragments, and its unsent bytes
   * leave the queue. Returns it, for the sender to end it (Sender.endCutShort) before any
   * other message takes a TSN.
   */
  releaseCutShort(nowMs: number): OutgoingMessage | undefined {
    const msg = this.current;
    if (msg === undefined) return undefined;
    if (!msg.abandoned && (msg.expiresAtMs === undefined || nowMs < msg.expiresAtMs)) return undefined;
    this.release(msg, msg.data.length - msg.offset);
    this.current = undefined;
    return msg;
  }

  /**
   * Cuts the next fragment of at most `maxPayload` bytes, or undefined when idle or when
   * the message being cut must first be released (releaseCutShort).
   */
  next(maxPayload: number, nowMs: number): Fragment | undefined {
    let msg = this.current;
    if (msg !== undefined && (msg.abandoned || (msg.expiresAtMs !== undefined && nowMs >= msg.expiresAtMs))) return undefined;
    if (msg === undefined) {
      msg = this.pick(nowMs);
      if (msg === undefined) return undefined;
    }
    const q = this.streams.get(msg.streamId)!;
    const beginning = msg.offset === 0;
    if (beginning && !msg.unordered) {
      msg.ssn = q.nextSsn;
      q.nextSsn = ssnAdd(q.nextSsn, 1);
    }
    const n = Math.min(maxPayload, msg.data.length - msg.offset);
    const payload = msg.data.subarray(msg.offset, msg.offset + n);
    msg.offset += n;
    this.release(msg, n);
    const ending = msg.offset >= msg.data.length;
    this.current = ending ? undefined : msg;
    return { msg, payload, beginning, ending };
  }

  /** Unsent bytes of the message `next` would cut from (0 when idle). */
  peekSize(): number {
    const msg = this.current ?? this.peekHead();
    if (msg === undefined) return 0;
    return Math.max(1, msg.data.length - msg.offset);
  }

  /** Bytes that left the queue per stream since the last call; clears the tally. */
  takeDrained(): Map<number, number> | undefined {
    if (this.drained.size === 0) return undefined;
    const out = new Map(this.drained);
    this.drained.clear();
    return out;
  }

  /** Marks streams for reset once what is queued on them has been sent. */
  requestReset(streamIds: readonly number[]): void {
    for (const id of streamIds) this.stream(id).resetRequested = true;
  }

  /** Streams whose reset was requested and whose queued data all has TSNs now. */
  streamsReadyForReset(): number[] {
    const out: number[] = [];
    for (const [id, q] of this.streams) {
      if (q.resetRequested && q.items.length === q.head && this.current?.streamId !== id) out.push(id);
    }
    return out;
  }

  /** The reset request for these streams is on the wire: hold their new messages. */
  pause(streamIds: readonly number[]): void {
    for (const id of streamIds) {
      const q = this.stream(id);
      q.resetRequested = false;
      q.paused = true;
    }
  }

  /** RFC 6525 §5.1.2: after a performed reset the stream starts again at SSN 0. */
  resume(streamIds: readonly number[], reset: boolean): void {
    for (const id of streamIds) {
      const q = this.stream(id);
      q.paused = false;
      if (reset) q.nextSsn = 0;
      if (q.items.length > q.head) this.activate(id, q);
    }
  }

  private stream(id: number): StreamQueue {
    let q = this.streams.get(id);
    if (q === undefined) {
      q = { items: [], head: 0, bytes: 0, nextSsn: 0, paused: false, resetRequested: false, queued: false };
      this.streams.set(id, q);
    }
    return q;
  }

  private activate(id: number, q: StreamQueue): void {
    if (!q.queued && !q.paused) {
      q.queued = true;
      this.ring.push(id);
    }
  }

  private peekHead(): OutgoingMessage | undefined {
    for (const id of this.ring) {
      const q = this.streams.get(id)!;
      if (q.head < q.items.length) return q.items[q.head];
    }
    return undefined;
  }

  /** Takes the head message of the next stream in the ring, dropping expired ones. */
  private pick(nowMs: number): OutgoingMessage | undefined {
    for (;;) {
      const id = this.ring.shift();
      if (id === undefined) return undefined;
      const q = this.streams.get(id)!;
      q.queued = false;
      const msg = q.items[q.head];
      if (msg === undefined) continue;
      q.items[q.head++] = undefined as unknown as OutgoingMessage;
      if (q.head > 64 && q.head * 2 > q.items.length) {
        q.items.splice(0, q.head);
        q.head = 0;
      }
      if (q.items.length > q.head) this.activate(id, q);
      // RFC 3758 §3.1 (timed reliability): a message whose lifetime ran out before it was
      // sent is dropped without using a TSN.
      if (msg.expiresAtMs !== undefined && nowMs >= msg.expiresAtMs) {
        msg.abandoned = true;
        this.release(msg, msg.data.length);
        continue;
      }
      return msg;
    }
  }

  private release(msg: OutgoingMessage, n: number): void {
    if (n <= 0) return;
    const q = this.streams.get(msg.streamId)!;
    q.bytes -= n;
    this.totalBytes -= n;
    this.drained.set(msg.streamId, (this.drained.get(msg.streamId) ?? 0) + n);
  }
}
