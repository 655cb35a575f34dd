// Consent freshness (RFC 7675) and receive liveness for the selected pair: when to send a
// consent request, when consent expires, and when the transport counts as disconnected.
import type { Random } from '../types.js';

/** Timers for consent and liveness; all in milliseconds. */
export interface ConsentOptions {
  /** RFC 7675 §5.1: basic period between consent requests (5 s), randomized ±20%. */
  intervalMs: number;
  /** RFC 7675 §5.1: consent expires this long after the last response (30 s). */
  timeoutMs: number;
  /** Nothing received for this long: 'disconnected', as browsers report it. */
  disconnectedMs: number;
}

/** Tracks consent and liveness of one selected pair. */
export class ConsentMonitor {
  private lastResponseMs = 0;
  private lastReceivedMs = 0;
  private nextRequestMs = 0;

  /** Starts tracking: the pair has just been selected. */
  constructor(
    private readonly options: ConsentOptions,
    private readonly random: Random,
    nowMs: number,
  ) {
    this.lastResponseMs = nowMs;
    this.lastReceivedMs = nowMs;
    this.nextRequestMs = nowMs + this.jitteredInterval();
  }

  // RFC 7675 §5.1: the interval is randomized uniformly between 0.8 and 1.2 times the period.
  private jitteredInterval(): number {
    return this.options.intervalMs * (0.8 + (0.4 * this.random.uint32()) / 0x100000000);
  }

  /** A consent response (authenticated, symmetric) arrived. */
  onResponse(nowMs: number): void {
    this.lastResponseMs = nowMs;
    this.lastReceivedMs = nowMs;
  }

  /** Anything arrived on the pair (STUN or application data). */
  onReceive(nowMs: number): void {
    this.lastReceivedMs = nowMs;
  }

  /**
   * Whether to send a consent request now: the randomized period is up, or nothing has been
   * received for half the disconnect time and no request is in flight (to tell an idle
   * path from a dead one before 'disconnected').
   */
  due(nowMs: number, inFlight: boolean): boolean {
    if (nowMs >= this.nextRequestMs) return true;
    return !inFlight && nowMs - this.lastReceivedMs >= this.options.disconnectedMs / 2;
  }

  /** A consent request was sent. */
  sent(nowMs: number): void {
    this.nextRequestMs = nowMs + this.jitteredInterval();
  }

  /** RFC 7675 §5.1: consent expired: no response for the consent timeout. */
  expired(nowMs: number): boolean {
    return nowMs - this.lastResponseMs >= this.options.timeoutMs;
  }

  /** Nothing received for the disconnect time. */
  disconnected(nowMs: number): boolean {
    return nowMs - this.lastReceivedMs >= this.options.disconnectedMs;
  }

  /** The next moment one of these answers can change. */
  pollTimeout(nowMs: number, inFlight: boolean): number {
    let t = Math.min(this.nextRequestMs, this.lastResponseMs + this.options.timeoutMs);
    const early = this.lastReceivedMs + this.options.disconnectedMs / 2;
    if (!inFlight && early > nowMs) t = Math.min(t, early);
    const disconnect = this.lastReceivedMs + this.options.disconnectedMs;
    if (disconnect > nowMs) t = Math.min(t, disconnect);
    return t;
  }
}
