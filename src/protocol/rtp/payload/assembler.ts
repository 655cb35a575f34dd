// The frame assembler every video depacketizer shares: it groups consecutive packets of one
// timestamp from a frame start to a frame end, and gives up on a frame (dropped and counted,
// never emitted corrupt) when a packet is missing, out of order or malformed.
import { ParseError } from './errors.js';
import type { DepacketizedFrame, DepacketizerStats, ReceivedPayload } from './types.js';
import { concatBytes } from '../../bytes.js';

/** Joins byte strings into one (the protocol layer's concatBytes). */
export const concat = concatBytes;

/** The default cap on one assembled frame, bytes: far above a 4K key frame at WebRTC bitrates. */
export const DEFAULT_MAX_FRAME_BYTES = 4 * 1024 * 1024;
/** The default cap on the packets of one frame (empty fragments cost memory too). */
export const DEFAULT_MAX_FRAME_PACKETS = 8192;

/** What a codec's `build` returns: the frame without the fields the assembler knows. */
export type FrameBody = Omit<DepacketizedFrame, 'timestamp' | 'firstSequenceNumber' | 'lastSequenceNumber'>;

/** Options every depacketizer takes. */
export interface DepacketizerOptions {
  /**
   * Frames whose output would pass this many bytes are dropped as they grow: no emitted frame
   * is larger and the bytes held for one frame stay below it; default 4 MiB.
   */
  maxFrameBytes?: number;
  /** Frames of more packets than this are dropped; default 8192. */
  maxFramePackets?: number;
}

/** What a codec's per-packet parser says about one payload. */
export interface PacketUnit {
  /** The packet is (exact codecs) or may be (other codecs) the first of a frame. */
  begins: boolean;
  /** The packet is the last of a frame. */
  ends: boolean;
  /** Bytes the packet adds to the frame's output (an upper bound), counted against the cap. */
  sizeBytes: number;
}

/** The codec half of a depacketizer. */
export interface PayloadCodec<U extends PacketUnit> {
  /**
   * Whether `begins` is exact (VP8 S=1 PID=0, VP9 B): a second start inside a frame is then an
   * error. Otherwise (H.264, AV1) a packet that may begin a frame does so only when it comes right
   * after a packet of another timestamp or the end of a frame, or is the first packet seen.
   */
  exactStart: boolean;
  /** Parses one payload; throws ParseError when it is malformed. */
  parse(packet: ReceivedPayload): U;
  /** Builds the frame from the units of its packets, in order; throws ParseError when they do not join up. */
  build(units: U[]): FrameBody;
}

interface Pending<U> {
  timestamp: number;
  firstSeq: number;
  lastSeq: number;
  units: U[];
  bytes: number;
  broken: boolean;
}

/** Groups packets into frames for one codec; see PayloadCodec. */
export class FrameAssembler<U extends PacketUnit> {
  /** Counters of packets and frames. */
  readonly stats: DepacketizerStats = { packets: 0, malformedPackets: 0, discardedPackets: 0, duplicatePackets: 0, frames: 0, droppedFrames: 0, oversizeFrames: 0 };
  private readonly maxFrameBytes: number;
  private readonly maxFramePackets: number;
  private pending: Pending<U> | undefined;
  private last: { seq: number; timestamp: number; ended: boolean } | undefined;

  /** Builds an assembler around a codec. */
  constructor(
    private readonly codec: PayloadCodec<U>,
    options: DepacketizerOptions = {},
  ) {
    this.maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    this.maxFramePackets = options.maxFramePackets ?? DEFAULT_MAX_FRAME_PACKETS;
  }

  /** Feeds one packet, in arrival order; returns the frame it completes, if any. Never throws on bad input. */
  push(packet: ReceivedPayload): DepacketizedFrame | undefined {
    this.stats.packets++;
    const seq = packet.sequenceNumber & 0xffff;
    const timestamp = packet.timestamp >>> 0;
    const p = this.pending;
    if (p && seq === p.lastSeq && timestamp === p.timestamp) {
      this.stats.duplicatePackets++;
      return undefined;
    }
    const previous = this.last;
    let unit: U | undefined;
    try {
      unit = this.codec.parse(packet);
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
      this.stats.malformedPackets++;
    }
    this.last = { seq, timestamp, ended: unit?.ends ?? false };
    // A packet that does not continue the frame in progress (RFC 3550 §5.1: consecutive
    // sequence numbers, one timestamp per frame) means that frame lost or reordered a packet.
    if (p && (timestamp !== p.timestamp || seq !== ((p.lastSeq + 1) & 0xffff))) this.drop();
    if (unit === undefined) {
      if (this.pending) this.pending.broken = true;
      return undefined;
    }
    if (this.pending && unit.begins && this.codec.exactStart) this.drop();
    if (!this.pending) {
      const afterBoundary = previous === undefined || (seq === ((previous.seq + 1) & 0xffff) && (previous.timestamp !== timestamp || previous.ended));
      if (!unit.begins || (!this.codec.exactStart && !afterBoundary)) {
        this.stats.discardedPackets++;
        return undefined;
      }
      this.pending = { timestamp, firstSeq: seq, lastSeq: seq, units: [], bytes: 0, broken: false };
    }
    const cur = this.pending;
    cur.lastSeq = seq;
    if (!cur.broken) {
      cur.bytes += unit.sizeBytes;
      if (cur.bytes > this.maxFrameBytes || cur.units.length >= this.maxFramePackets) {
        // Held bytes stay under the cap: the frame is given up as soon as it passes it.
        cur.broken = true;
        cur.units = [];
        this.stats.oversizeFrames++;
      } else {
        cur.units.push(unit);
      }
    }
    if (!unit.ends) return undefined;
    this.pending = undefined;
    if (cur.broken) {
      this.stats.droppedFrames++;
      return undefined;
    }
    try {
      const built = this.codec.build(cur.units);
      this.stats.frames++;
      return { ...built, timestamp, firstSequenceNumber: cur.firstSeq, lastSequenceNumber: seq };
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
      this.stats.droppedFrames++;
      return undefined;
    }
  }

  /** Forgets the frame in progress (after a jitter buffer flush, a stream switch); it counts as dropped. */
  reset(): void {
    this.drop();
    this.last = undefined;
  }

  private drop(): void {
    if (!this.pending) return;
    this.pending = undefined;
    this.stats.droppedFrames++;
  }
}

/**
 * Sizes of `count` fragments of `total` bytes that differ by at most one byte, as libwebrtc
 * splits frames: no runt last packet.
 */
export function balancedSizes(total: number, capacity: number): number[] {
  const count = Math.max(1, Math.ceil(total / capacity));
  const base = Math.floor(total / count);
  const extra = total - base * count;
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(base + (i < count - extra ? 0 : 1));
  return out;
}
