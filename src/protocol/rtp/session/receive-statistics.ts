// Per-SSRC reception statistics (RFC 3550 Appendix A.1, A.3, A.8): sequence validation with
// restarts, extended highest sequence, expected and lost packets, interarrival jitter, the
// peer's last SR (for LSR/DLSR), and the report block that sums them up (§6.4.1).
import { compactNtp, cumulativeLost, fractionLost, msToCompactNtp } from '../report-math.js';
import type { ReportBlock } from '../rtcp-report.js';
import { SequenceUnwrapper, sequenceDelta } from '../sequence.js';

/** RFC 3550 Appendix A.1: a jump forward of this many or more is not taken at once. */
export const MAX_DROPOUT = 3000;
/** RFC 3550 Appendix A.1: packets this far behind the highest are taken as reordered. */
export const MAX_MISORDER = 100;

/** How one packet's sequence number placed it. */
export type SequenceVerdict =
  /** Counted; `extended` is its place. */
  | { kind: 'ok'; extended: number; inOrder: boolean }
  /** RFC 3550 A.1: the sender restarted its sequence; the count starts again at `extended`. */
  | { kind: 'restart'; extended: number }
  /** A jump or a packet far behind, held back until a second packet confirms it (not counted). */
  | { kind: 'held' };

/** The peer's last sender report on this SSRC (for LSR/DLSR and remote-outbound-rtp). */
export interface LastSenderReport {
  /** The compact NTP time it carried (LSR of our next report block). */
  compactNtp: number;
  arrivalMs: number;
  ntpSeconds: number;
  ntpFraction: number;
  rtpTimestamp: number;
  packetCount: number;
  octetCount: number;
}

/** Sequence, loss and jitter of one received SSRC. */
export class ReceiveStatistics {
  /** RFC 3550 §6.4.1 "cumulative number of packets lost" before the last restart. */
  private lostBeforeRestart = 0;
  private readonly unwrapper = new SequenceUnwrapper();
  private base: number | undefined;
  private highest = 0;
  /** Packets counted toward `expected` since the base (duplicates and retransmissions included, as in A.3). */
  private received = 0;
  private expectedPrior = 0;
  private receivedPrior = 0;
  private badSeq: number | undefined;
  /** Interarrival jitter in RTP timestamp units, unrounded (A.8). */
  private jitterUnits = 0;
  private lastArrivalMs: number | undefined;
  private lastTimestamp = 0;
  /** The peer's latest SR on this SSRC, if any. */
  lastSr: LastSenderReport | undefined;
  /** Sequence restarts accepted (A.1). */
  restarts = 0;
  /** SRs received on this SSRC (remote-outbound-rtp reportsSent). */
  srCount = 0;

  /** Builds the statistics of an SSRC whose payload clock runs at `clockRate` Hz. */
  constructor(
    readonly ssrc: number,
    public clockRate: number,
  ) {}

  /**
   * Places a packet (RFC 3550 A.1): in line (ahead by less than MAX_DROPOUT or behind by less
   * than MAX_MISORDER), else held until the next packet follows it, which restarts the count.
   * Jitter (A.8) is updated from in-order, first-time packets whose timestamp moved on (as
   * libwebrtc does: packets of one video frame leave together and say nothing about the path).
   */
  onPacket(sequence: number, timestamp: number, arrivalMs: number, retransmitted: boolean): SequenceVerdict {
    if (this.base === undefined) {
      const extended = this.unwrapper.unwrap(sequence);
      this.base = extended;
      this.highest = extended;
      this.received = 1;
      this.noteArrival(timestamp, arrivalMs, retransmitted, true);
      return { kind: 'ok', extended, inOrder: true };
    }
    const delta = sequenceDelta(this.highest & 0xffff, sequence);
    if (delta > 0 && delta < MAX_DROPOUT) {
      this.badSeq = undefined;
      const extended = this.highest + delta;
      this.unwrapper.unwrap(sequence);
      this.highest = extended;
      this.received++;
      this.noteArrival(timestamp, arrivalMs, retransmitted, true);
      return { kind: 'ok', extended, inOrder: true };
    }
    if (delta <= 0 && delta > -MAX_MISORDER) {
      const extended = this.highest + delta;
      if (extended < this.base) this.base = extended;
      this.received++;
      return { kind: 'ok', extended, inOrder: false };
    }
    if (this.badSeq !== undefined && sequence === this.badSeq) {
      // RFC 3550 A.1: two sequential packets after a big jump: the source restarted.
      this.lostBeforeRestart = this.cumulativeLost();
      this.unwrapper.reset();
      const extended = this.unwrapper.unwrap(sequence);
      this.base = extended - 1;
      this.highest = extended;
      this.received = 2;
      this.expectedPrior = 0;
      this.receivedPrior = 0;
      this.badSeq = undefined;
      this.lastArrivalMs = undefined;
      this.restarts++;
      return { kind: 'restart', extended };
    }
    this.badSeq = (sequence + 1) & 0xffff;
    return { kind: 'held' };
  }

  private noteArrival(timestamp: number, arrivalMs: number, retransmitted: boolean, inOrder: boolean): void {
    if (retransmitted || !inOrder) return;
    if (this.lastArrivalMs !== undefined && timestamp !== this.lastTimestamp) {
      // RFC 3550 A.8: D(i-1,i) = (R_i - R_{i-1}) - (S_i - S_{i-1}) in timestamp units, and
      // J += (|D| - J) / 16. The timestamp difference is taken on the 32-bit circle.
      const arrivalUnits = ((arrivalMs - this.lastArrivalMs) * this.clockRate) / 1000;
      const sentUnits = (timestamp - this.lastTimestamp) | 0;
      const d = Math.abs(arrivalUnits - sentUnits);
      this.jitterUnits += (d - this.jitterUnits) / 16;
    }
    if (this.lastArrivalMs === undefined || timestamp !== this.lastTimestamp) {
      this.lastArrivalMs = arrivalMs;
      this.lastTimestamp = timestamp;
    }
  }

  /** The extended highest sequence number received (RFC 3550 §6.4.1). */
  get extendedHighest(): number {
    return this.highest;
  }

  /** RFC 3550 A.3: expected = extended highest - base + 1 (0 before any packet). */
  get expected(): number {
    return this.base === undefined ? 0 : this.highest - this.base + 1;
  }

  /** RFC 3550 A.3: expected minus received, across restarts; negative with duplicates. */
  cumulativeLost(): number {
    return this.lostBeforeRestart + this.expected - this.received;
  }

  /** The interarrival jitter in timestamp units (A.8), unrounded. */
  get jitter(): number {
    return this.jitterUnits;
  }

  /** Records the peer's SR on this SSRC. */
  onSenderReport(sr: Omit<LastSenderReport, 'compactNtp' | 'arrivalMs'>, arrivalMs: number): void {
    this.srCount++;
    this.lastSr = { ntpSeconds: sr.ntpSeconds, ntpFraction: sr.ntpFraction, rtpTimestamp: sr.rtpTimestamp, packetCount: sr.packetCount, octetCount: sr.octetCount, compactNtp: compactNtp(sr.ntpSeconds, sr.ntpFraction), arrivalMs };
  }

  /**
   * The report block for this source at `nowMs` (RFC 3550 §6.4.1), starting a new interval
   * for the fraction lost; undefined before the first packet.
   */
  reportBlock(nowMs: number): ReportBlock | undefined {
    if (this.base === undefined) return undefined;
    const expected = this.expected;
    const fraction = fractionLost(expected - this.expectedPrior, this.received - this.receivedPrior);
    this.expectedPrior = expected;
    this.receivedPrior = this.received;
    const sr = this.lastSr;
    return {
      ssrc: this.ssrc,
      fractionLost: fraction,
      cumulativeLost: cumulativeLost(this.lostBeforeRestart + expected, this.received),
      // RFC 3550 §6.4.1: cycles in the high 16 bits; the count kept here may start below 0 when
      // early packets came reordered, so it is taken modulo 2^32.
      highestSequence: this.highest >>> 0,
      jitter: Math.min(0xffffffff, Math.floor(this.jitterUnits)),
      // RFC 3550 §6.4.1: LSR and DLSR are 0 until an SR was received from this source.
      lastSr: sr?.compactNtp ?? 0,
      delaySinceLastSr: sr === undefined ? 0 : Math.min(0xffffffff, msToCompactNtp(Math.max(0, nowMs - sr.arrivalMs))),
    };
  }
}
