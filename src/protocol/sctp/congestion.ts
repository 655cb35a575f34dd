// Congestion control for the single path WebRTC uses (RFC 9260 §7.2).

/**
 * RFC 3465 §2.2 allows L = 2 for appropriate byte counting; with a SACK every second
 * packet this doubles cwnd each round trip in slow start, as RFC 9260 intends.
 */
const SLOW_START_L = 2;

/** cwnd, ssthresh, partial_bytes_acked and the Fast Recovery state. */
export class CongestionControl {
  /** Congestion window in bytes. */
  cwnd: number;
  /** Slow start threshold in bytes. */
  ssthresh: number;
  /** Bytes acknowledged in congestion avoidance since the last cwnd increase. */
  partialBytesAcked = 0;
  /** Fast Recovery exit point: Fast Recovery lasts until the cum ack reaches it. */
  recoverTsn: number | undefined;
  /** The path MTU (packet size) the window is counted in; PLPMTUD may raise it. */
  mtu: number;

  /** RFC 9260 §7.2.1: initial cwnd = min(4*MTU, max(2*MTU, 4380)), ssthresh = peer a_rwnd. */
  constructor(mtu: number, peerRwnd: number) {
    this.mtu = mtu;
    this.cwnd = Math.min(4 * mtu, Math.max(2 * mtu, 4380));
    this.ssthresh = Math.max(peerRwnd, 4 * mtu);
  }

  /** Whether Fast Recovery is in progress. */
  get inFastRecovery(): boolean {
    return this.recoverTsn !== undefined;
  }

  /**
   * A SACK advanced the cumulative ack by `ackedBytes` (newly acked, gap blocks included).
   * `flightBefore` is the flight size before the SACK was processed.
   */
  onCumAckAdvanced(ackedBytes: number, flightBefore: number, exitedFastRecovery: boolean): void {
    if (this.inFastRecovery && !exitedFastRecovery) return; // RFC 9260 §7.2.1: no growth in FR.
    // RFC 9260 §7.2.1, §7.2.2: grow only while the window is being fully used.
    const fullyUsed = flightBefore + this.mtu > this.cwnd;
    if (this.cwnd <= this.ssthresh) {
      // RFC 9260 §7.2.1: slow start, at most min(acked bytes, L * MTU) per SACK.
      if (fullyUsed) this.cwnd += Math.min(ackedBytes, SLOW_START_L * this.mtu);
      return;
    }
    // RFC 9260 §7.2.2: congestion avoidance, one MTU per cwnd's worth of acked bytes.
    this.partialBytesAcked += ackedBytes;
    if (this.partialBytesAcked >= this.cwnd && fullyUsed) {
      this.partialBytesAcked -= this.cwnd;
      this.cwnd += this.mtu;
    }
  }

  /** RFC 9260 §7.2.4: entering Fast Recovery on a fast retransmit. */
  enterFastRecovery(highestOutstandingTsn: number): void {
    if (this.inFastRecovery) return;
    this.ssthresh = Math.max(this.cwnd / 2, 4 * this.mtu);
    this.cwnd = this.ssthresh;
    this.partialBytesAcked = 0;
    this.recoverTsn = highestOutstandingTsn;
  }

  /** Leaves Fast Recovery (the cum ack reached the exit point). */
  exitFastRecovery(): void {
    this.recoverTsn = undefined;
  }

  /** RFC 9260 §7.2.3: T3-rtx expiry collapses cwnd to one MTU. */
  onT3Expiry(): void {
    this.ssthresh = Math.max(this.cwnd / 2, 4 * this.mtu);
    this.cwnd = this.mtu;
    this.partialBytesAcked = 0;
    this.recoverTsn = undefined;
  }

  /** RFC 9260 §7.2.1: after an idle period of an RTO the window decays (not below 4 MTU). */
  onIdle(): void {
    this.cwnd = Math.max(this.cwnd / 2, 4 * this.mtu);
  }
}
