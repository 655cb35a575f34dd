// The packets a send stream sent lately, kept to answer NACKs (RFC 4585 §6.2.1) with
// retransmissions (RFC 4588). Bounded by count and by age, keyed by 16-bit sequence number.
import type { HeaderExtension } from '../header-extensions.js';

/** One packet as sent: what a retransmission rebuilds it from. */
export interface SentPacket {
  sequenceNumber: number;
  timestamp: number;
  marker: boolean;
  /** It ends a key frame (video; see OutgoingRtpPacket.keyFrame). */
  keyFrame?: boolean;
  payloadType: number;
  /** The history's own copy. */
  payload: Uint8Array;
  /** The caller's extensions (copied); MID, rid and transport-wide sequence are added at each send. */
  extensions: HeaderExtension[];
  paddingLength: number;
  /** When it was queued (its age in the history). */
  queuedMs: number;
  /** When it last left (first send or retransmission); undefined while still queued. */
  sentMs: number | undefined;
  retransmissions: number;
  /** Waiting in the retransmission queue. */
  pendingRetransmission: boolean;
}

/** A bounded send history. */
export class SendHistory {
  /** Insertion order is sending order, so the oldest entry is first. */
  private readonly packets = new Map<number, SentPacket>();

  /** Keeps at most `maxPackets` (up to 32768, so a 16-bit sequence names one packet) for `maxAgeMs`. */
  constructor(
    private readonly maxPackets: number,
    private readonly maxAgeMs: number,
  ) {
    if (!Number.isInteger(maxPackets) || maxPackets < 1 || maxPackets > 0x8000) throw new RangeError(`history of ${maxPackets} packets is not in [1, 32768]`);
  }

  /** Packets kept now. */
  get size(): number {
    return this.packets.size;
  }

  /** Adds a packet, evicting the oldest past the bounds. */
  put(p: SentPacket, nowMs: number): void {
    this.packets.delete(p.sequenceNumber);
    this.packets.set(p.sequenceNumber, p);
    this.prune(nowMs);
  }

  /** The packet with 16-bit `sequenceNumber`, if still kept. */
  get(sequenceNumber: number, nowMs: number): SentPacket | undefined {
    const p = this.packets.get(sequenceNumber);
    return p !== undefined && nowMs - p.queuedMs <= this.maxAgeMs ? p : undefined;
  }

  /** Evicts packets past the count or the age. */
  prune(nowMs: number): void {
    for (const [seq, p] of this.packets) {
      if (this.packets.size <= this.maxPackets && nowMs - p.queuedMs <= this.maxAgeMs) break;
      this.packets.delete(seq);
    }
  }
}
