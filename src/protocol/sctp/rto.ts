// Retransmission timeout estimation (RFC 9260 §6.3.1).

/** RTO bounds and initial value in milliseconds. */
export interface RtoOptions {
  rtoInitialMs: number;
  rtoMinMs: number;
  rtoMaxMs: number;
  /** Largest value exponential back-off raises the RTO to (a larger measured RTO is kept). */
  maxBackoffMs: number;
}

/** Smoothed RTT, RTT variance and the resulting RTO. */
export class RtoEstimator {
  /** Current retransmission timeout in ms. */
  rtoMs: number;
  /** Smoothed round-trip time in ms; undefined before the first measurement. */
  srttMs: number | undefined;
  private rttvarMs = 0;
  private readonly opts: RtoOptions;

  /** Starts at RTO.Initial (RFC 9260 §6.3.1 C1). */
  constructor(opts: RtoOptions) {
    this.opts = opts;
    this.rtoMs = opts.rtoInitialMs;
  }

  /** Feeds one RTT measurement R in ms (RFC 9260 §6.3.1 C2, C3). */
  measure(rMs: number): void {
    const r = Math.max(0, rMs);
    if (this.srttMs === undefined) {
      // C2: SRTT <- R, RTTVAR <- R/2.
      this.srttMs = r;
      this.rttvarMs = r / 2;
    } else {
      // C3: RTO.Alpha = 1/8, RTO.Beta = 1/4; RTTVAR is updated with the old SRTT.
      this.rttvarMs = 0.75 * this.rttvarMs + 0.25 * Math.abs(this.srttMs - r);
      this.srttMs = 0.875 * this.srttMs + 0.125 * r;
    }
    // C3: RTO <- SRTT + 4 * RTTVAR, then clamped (C6, C7). RTTVAR gets a 1 ms clock
    // granularity floor (C4) so a steady loopback path keeps a sane timeout.
    this.rtoMs = this.clamp(this.srttMs + 4 * Math.max(this.rttvarMs, 1));
  }

  /**
   * RFC 9260 §6.3.3 E2: on a timer expiry the RTO doubles, up to RTO.Max. Deviation, as
   * libwebrtc does (a 3 s max_timer_backoff_duration): doubling stops at `maxBackoffMs`, so
   * a path that comes back after seconds of loss is used again within seconds rather than
   * after a timer backed off to RTO.Max; Association.Max.Retrans still bounds the attempts.
   */
  backOff(): void {
    this.rtoMs = this.clamp(Math.max(this.rtoMs, Math.min(this.rtoMs * 2, this.opts.maxBackoffMs)));
  }

  private clamp(v: number): number {
    return Math.min(this.opts.rtoMaxMs, Math.max(this.opts.rtoMinMs, v));
  }
}
