// What the peer's feedback says our path carries, for W3C webrtc-stats availableOutgoingBitrate:
// the bitrate of the latest REMB (draft-alvestrand-rmcat-remb §2.2, the receiver's own estimate)
// or, from transport-wide feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1),
// the acknowledged rate: bytes of the packets the peer reports received over the span of their
// arrival times, smoothed. The latter is what arrived, a floor of what the path could carry,
// not a delay-based probe of its capacity.
import { twccArrivals, type TransportFeedback } from '../rtcp-twcc.js';

/** Sent sizes remembered by transport-wide sequence number. */
const MAX_REMEMBERED = 4096;
/** An acknowledged span shorter than this says too little to measure a rate. */
const MIN_SPAN_US = 20_000;
/** Weight of a new measurement in the smoothed rate. */
const SMOOTHING = 0.25;

/** The outgoing bitrate estimate of one session. */
export class OutgoingBitrate {
  private readonly sentBytes = new Map<number, number>();
  private rembBps: number | undefined;
  private rembAtMs = -Infinity;
  private ackedBps: number | undefined;
  private ackedAtMs = -Infinity;

  /** Notes a sent packet of `bytes` that carried transport-wide sequence `sequence`. */
  onSent(sequence: number, bytes: number): void {
    this.sentBytes.delete(sequence);
    this.sentBytes.set(sequence, bytes);
    if (this.sentBytes.size > MAX_REMEMBERED) this.sentBytes.delete(this.sentBytes.keys().next().value!);
  }

  /** A REMB from the peer, bits per second. */
  onRemb(bitrateBps: number, nowMs: number): void {
    this.rembBps = bitrateBps;
    this.rembAtMs = nowMs;
  }

  /** Transport-wide feedback from the peer. */
  onTransportFeedback(feedback: TransportFeedback, nowMs: number): void {
    let bytes = 0;
    let first: number | undefined;
    let last: number | undefined;
    for (const a of twccArrivals(feedback)) {
      if (a.arrivalUs === undefined) continue;
      const size = this.sentBytes.get(a.sequence);
      if (size === undefined) continue;
      bytes += size;
      first = first === undefined ? a.arrivalUs : Math.min(first, a.arrivalUs);
      last = last === undefined ? a.arrivalUs : Math.max(last, a.arrivalUs);
    }
    if (first === undefined || last === undefined || last - first < MIN_SPAN_US) return;
    const rate = (bytes * 8 * 1e6) / (last - first);
    this.ackedBps = this.ackedBps === undefined ? rate : this.ackedBps + SMOOTHING * (rate - this.ackedBps);
    this.ackedAtMs = nowMs;
  }

  /** The estimate in bits per second (the more recent of the two signals), or undefined before any feedback. */
  get estimateBps(): number | undefined {
    if (this.rembBps === undefined) return this.ackedBps === undefined ? undefined : Math.round(this.ackedBps);
    if (this.ackedBps === undefined || this.rembAtMs >= this.ackedAtMs) return this.rembBps;
    return Math.round(this.ackedBps);
  }
}
