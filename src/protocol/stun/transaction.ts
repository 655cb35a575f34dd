// A sans-IO STUN client transaction over UDP (RFC 8489 §6.2.1): the request is sent, then
// retransmitted after RTO, 2*RTO, 4*RTO, ... until Rc requests have gone out; if no response
// arrives within Rm*RTO of the last one, the transaction times out.
import type { Address, Transmit } from '../types.js';
import { transactionKey } from './message.js';

/** Retransmission parameters; RFC 8489 §6.2.1 defaults. */
export interface StunTransactionOptions {
  /** Initial retransmission timeout. RFC 8489 §6.2.1: SHOULD be 500 ms; less suits a LAN. */
  rtoMs?: number;
  /** Upper bound on the doubled RTO (no bound by default). */
  maxRtoMs?: number;
  /** Rc: how many times the request is sent in total. RFC 8489 §6.2.1: default 7. */
  maxRequests?: number;
  /** Rm: the final wait is Rm times the initial RTO. RFC 8489 §6.2.1: default 16. */
  lastWaitFactor?: number;
}

/** Where a transaction is in its life. */
export type StunTransactionState = 'pending' | 'cancelled' | 'succeeded' | 'timed-out' | 'abandoned';

/** Events a transaction reports. */
export type StunTransactionEvent = { type: 'timeout' };

/** One outstanding request and its retransmission timer. */
export class StunTransaction {
  /** The 96-bit transaction ID. */
  readonly transactionId: Uint8Array;
  /** Hex of the transaction ID, for maps. */
  readonly key: string;
  /** Where the request goes. */
  readonly to: Address;
  /** The local address to send from, if the driver has several. */
  readonly from: Address | undefined;
  /** When the transaction started. */
  readonly startMs: number;
  private readonly request: Uint8Array;
  private readonly rtoMs: number;
  private readonly maxRtoMs: number;
  private readonly maxRequests: number;
  private readonly lastWaitMs: number;
  private intervalMs: number;
  private sent = 0;
  private lastSent: number;
  private deadlineMs: number;
  private finalDeadlineMs: number;
  private readonly transmits: Transmit[] = [];
  private readonly events: StunTransactionEvent[] = [];
  private stateValue: StunTransactionState = 'pending';

  /** Starts the transaction: the first request is ready in `pollTransmit` at once. */
  constructor(
    request: Uint8Array,
    transactionId: Uint8Array,
    to: Address,
    nowMs: number,
    options: StunTransactionOptions = {},
    from?: Address,
  ) {
    this.request = request;
    this.transactionId = transactionId;
    this.key = transactionKey(transactionId);
    this.to = to;
    this.from = from;
    this.startMs = nowMs;
    this.rtoMs = options.rtoMs ?? 500;
    this.maxRtoMs = options.maxRtoMs ?? Infinity;
    this.maxRequests = Math.max(1, options.maxRequests ?? 7);
    this.lastWaitMs = (options.lastWaitFactor ?? 16) * this.rtoMs;
    if (!(this.rtoMs > 0)) throw new RangeError(`bad rtoMs ${this.rtoMs}`);
    this.intervalMs = this.rtoMs;
    let total = 0;
    let interval = this.rtoMs;
    for (let i = 1; i < this.maxRequests; i++) {
      total += interval;
      interval = Math.min(interval * 2, this.maxRtoMs);
    }
    this.finalDeadlineMs = nowMs + total + this.lastWaitMs;
    this.deadlineMs = nowMs;
    this.lastSent = nowMs;
    this.send(nowMs);
  }

  /** Where the transaction is. */
  get state(): StunTransactionState {
    return this.stateValue;
  }

  /** Whether a response may still be accepted for it. */
  get open(): boolean {
    return this.stateValue === 'pending' || this.stateValue === 'cancelled';
  }

  /** How many times the request has been sent. */
  get requestsSent(): number {
    return this.sent;
  }

  /** When the request was last (re)sent: a response's round trip is measured from here. */
  get lastSentMs(): number {
    return this.lastSent;
  }

  private send(nowMs: number): void {
    this.lastSent = nowMs;
    this.transmits.push(this.from ? { from: this.from, to: this.to, data: this.request } : { to: this.to, data: this.request });
    this.sent++;
    if (this.sent >= this.maxRequests) {
      this.deadlineMs = this.finalDeadlineMs;
    } else {
      this.deadlineMs = nowMs + this.intervalMs;
      this.intervalMs = Math.min(this.intervalMs * 2, this.maxRtoMs);
    }
  }

  /** Retransmits or times out when the timer has expired. */
  handleTimeout(nowMs: number): void {
    if (!this.open || nowMs < this.deadlineMs) return;
    if (this.stateValue === 'pending' && this.sent < this.maxRequests) {
      this.send(nowMs);
      return;
    }
    // RFC 8489 §6.2.1: no response Rm*RTO after the last request: the transaction failed.
    this.stateValue = 'timed-out';
    this.events.push({ type: 'timeout' });
  }

  /** Marks the transaction answered (the caller matched the transaction ID). */
  handleResponse(): void {
    if (this.open) this.stateValue = 'succeeded';
  }

  /**
   * Stops retransmitting but still accepts a response until the transaction would have
   * timed out (the meaning of "cancel" in RFC 8445 §7.3.1.4).
   */
  cancel(): void {
    if (this.stateValue !== 'pending') return;
    this.stateValue = 'cancelled';
    this.deadlineMs = this.finalDeadlineMs;
  }

  /** Forgets the transaction entirely: no more sends, no timeout event. */
  abandon(): void {
    if (this.open) this.stateValue = 'abandoned';
    this.transmits.length = 0;
  }

  /** The next datagram to send. */
  pollTransmit(): Transmit | undefined {
    return this.transmits.shift();
  }

  /** The next event. */
  pollEvent(): StunTransactionEvent | undefined {
    return this.events.shift();
  }

  /** When `handleTimeout` must be called next, or undefined when finished. */
  pollTimeout(): number | undefined {
    return this.open ? this.deadlineMs : undefined;
  }
}
