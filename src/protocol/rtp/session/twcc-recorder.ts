// The receive side of transport-wide congestion control (draft-holmer-rmcat-transport-wide-cc-
// extensions-01 §3): arrival times by transport sequence number, turned into feedback messages
// at an interval by buildTransportFeedback. Bounded: a window holds at most MAX_ARRIVALS, and
// sequence numbers already reported or far from the window are dropped and counted.
import { ParseError } from '../errors.js';
import { transportCcExtension } from '../extension-values.js';
import type { Extmap } from '../extmap.js';
import type { RtpPacket } from '../packet.js';
import { SequenceUnwrapper } from '../sequence.js';
import type { TransportFeedback, TwccArrival } from '../rtcp-twcc.js';
import { buildTransportFeedback } from '../twcc-builder.js';

/** Arrivals kept between two feedback messages at most (the recorder asks to send early past it). */
export const MAX_ARRIVALS = 4096;
/** A sequence number further than this from what was reported is a jump: reporting restarts there. */
const MAX_JUMP = 0x4000;

/** Arrival times of transport-wide sequence numbers since the last feedback. */
export class TwccRecorder {
  private readonly unwrapper = new SequenceUnwrapper();
  private readonly arrivals = new Map<number, number>();
  /** The first extended sequence number the next feedback reports. */
  private reportFrom: number | undefined;
  private feedbackCount = 0;
  /** Arrivals dropped: already reported, duplicate, or over the window. */
  dropped = 0;
  /** Feedback messages built. */
  messages = 0;

  /** Arrivals waiting for the next feedback. */
  get pending(): number {
    return this.arrivals.size;
  }

  /** Whether the window is full and feedback should go now rather than at the interval. */
  get full(): boolean {
    return this.arrivals.size >= MAX_ARRIVALS;
  }

  /** The media SSRC feedback names: the last one recorded (libwebrtc names one of the streams too). */
  mediaSsrc = 0;

  /** Records the transport sequence number `p` carries, if any (a malformed one is ignored); true when one was recorded. */
  recordPacket(p: RtpPacket, extmap: Extmap, nowMs: number): boolean {
    let sequence: number | undefined;
    try {
      sequence = extmap.read(p, transportCcExtension);
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
      return false;
    }
    if (sequence === undefined) return false;
    this.mediaSsrc = p.ssrc;
    this.record(sequence, nowMs);
    return true;
  }

  /** Records transport sequence number `sequence` (16 bits) arriving at `nowMs`. */
  record(sequence: number, nowMs: number): void {
    const extended = this.unwrapper.unwrap(sequence);
    if (this.reportFrom !== undefined) {
      if (extended < this.reportFrom || extended - this.reportFrom > MAX_JUMP) {
        // Already reported, or a jump: one far ahead restarts the window there.
        if (extended < this.reportFrom || this.arrivals.size > 0) {
          this.dropped++;
          return;
        }
        this.reportFrom = extended;
      }
    }
    if (this.arrivals.has(extended) || this.arrivals.size >= MAX_ARRIVALS) {
      this.dropped++;
      return;
    }
    this.arrivals.set(extended, nowMs * 1000);
    if (this.reportFrom === undefined || extended < this.reportFrom) this.reportFrom = extended;
  }

  /** The feedback messages for what arrived since the last ones (empty when nothing did). */
  build(senderSsrc: number, maxPacketBytes: number): TransportFeedback[] {
    const mediaSsrc = this.mediaSsrc;
    if (this.arrivals.size === 0 || this.reportFrom === undefined) return [];
    const sequences = [...this.arrivals.keys()].sort((a, b) => a - b);
    const list: TwccArrival[] = [];
    const first = sequences[0]!;
    // Packets missing at the head of the window are reported lost (their statuses are cheap runs).
    if (first > this.reportFrom) list.push({ sequence: this.reportFrom & 0xffff, arrivalUs: undefined });
    for (const s of sequences) list.push({ sequence: s & 0xffff, arrivalUs: this.arrivals.get(s) });
    const out = buildTransportFeedback(list, { senderSsrc, mediaSsrc, feedbackCount: this.feedbackCount, maxPacketBytes });
    this.feedbackCount = (this.feedbackCount + out.length) & 0xff;
    this.messages += out.length;
    this.reportFrom = sequences[sequences.length - 1]! + 1;
    this.arrivals.clear();
    return out;
  }
}
