// VP8 over RTP (RFC 7741): a packetizer that writes a 15-bit PictureID incrementing per frame
// (as Chromium sends) and a depacketizer that returns whole frames.
import { balancedSizes, concat, FrameAssembler, type DepacketizerOptions, type FrameBody, type PacketUnit, type PayloadCodec } from './assembler.js';
import { checkBudget, ParseError } from './errors.js';
import type { EncodedVideoFrame, PacketizedPayload, ReceivedPayload } from './types.js';
import { parseVp8Descriptor, parseVp8FrameHeader, serializeVp8Descriptor, type Vp8Descriptor } from './vp8-descriptor.js';

/** The RTP clock rate of VP8 (RFC 7741 §6.1). */
export const VP8_CLOCK_RATE = 90000;

/** Options of the VP8 packetizer. */
export interface Vp8PacketizerOptions {
  /** The first PictureID (15 bits); Chromium starts at a random one, so the driver passes one in. */
  pictureId?: number;
}

/** Temporal layering a sender may attach to a frame (RFC 7741 §4.2 L and T fields). */
export interface Vp8Layering {
  /** TL0PICIDX. */
  tl0PicIdx: number;
  /** TID. */
  temporalId: number;
  /** Y: layer sync. */
  layerSync: boolean;
}

/** Splits VP8 frames into RTP payloads (RFC 7741 §4). */
export class Vp8Packetizer {
  private pictureId: number;

  /** Builds a packetizer. */
  constructor(options: Vp8PacketizerOptions = {}) {
    this.pictureId = (options.pictureId ?? 0) & 0x7fff;
  }

  /** The PictureID the next frame gets. */
  get nextPictureId(): number {
    return this.pictureId;
  }

  /** Payloads of one frame, each at most `maxPayloadBytes`; the last has the marker bit. */
  packetize(frame: EncodedVideoFrame & { layering?: Vp8Layering; nonReference?: boolean }, maxPayloadBytes: number): PacketizedPayload[] {
    const base: Vp8Descriptor = { nonReference: frame.nonReference ?? false, partitionStart: true, partitionId: 0, pictureId: this.pictureId, pictureId15: true };
    if (frame.layering) {
      base.tl0PicIdx = frame.layering.tl0PicIdx;
      base.temporalId = frame.layering.temporalId;
      base.layerSync = frame.layering.layerSync;
    }
    // RFC 7741 §4.2: PictureID wraps at 15 bits.
    this.pictureId = (this.pictureId + 1) & 0x7fff;
    const headerBytes = serializeVp8Descriptor(base).length;
    checkBudget(maxPayloadBytes, headerBytes + 1, 'VP8');
    if (frame.data.length === 0) throw new RangeError('VP8: an empty frame cannot be sent');
    const out: PacketizedPayload[] = [];
    let o = 0;
    for (const size of balancedSizes(frame.data.length, maxPayloadBytes - headerBytes)) {
      // RFC 7741 §4.2: S=1 only on the first packet of a partition; one partition here (PID 0).
      const header = serializeVp8Descriptor({ ...base, partitionStart: o === 0 });
      out.push({ payload: concat([header, frame.data.subarray(o, o + size)]), marker: false });
      o += size;
    }
    out[out.length - 1]!.marker = true;
    return out;
  }
}

/** One parsed VP8 packet. */
export interface Vp8Unit extends PacketUnit {
  descriptor: Vp8Descriptor;
  data: Uint8Array;
}

const vp8Codec: PayloadCodec<Vp8Unit> = {
  exactStart: true,
  parse(packet: ReceivedPayload): Vp8Unit {
    const { descriptor, length } = parseVp8Descriptor(packet.payload);
    const data = packet.payload.subarray(length);
    if (data.length === 0) throw new ParseError('PAYLOAD_EMPTY', 'VP8 packet without payload bytes');
    // RFC 7741 §4.4: a frame starts with S=1 and PID=0; the marker ends it.
    return { begins: descriptor.partitionStart && descriptor.partitionId === 0, ends: packet.marker, sizeBytes: data.length, descriptor, data };
  },
  build(units: Vp8Unit[]) {
    const first = units[0]!.descriptor;
    let partition = 0;
    for (const u of units) {
      const d = u.descriptor;
      // RFC 7741 §4.2: partition indices only grow; all packets of a frame carry one PictureID.
      if (d.partitionId < partition || (d.partitionId > partition && !d.partitionStart)) throw new ParseError('PAYLOAD_BAD_FRAGMENT', 'VP8 partitions out of order');
      if (d.pictureId !== first.pictureId) throw new ParseError('PAYLOAD_BAD_FRAGMENT', 'VP8 PictureID changes inside a frame');
      partition = d.partitionId;
    }
    const data = concat(units.map((u) => u.data));
    // RFC 7741 §4.3: the VP8 payload header (the frame tag) opens the first packet.
    const header = parseVp8FrameHeader(data);
    const frame: FrameBody = { data, keyFrame: header.keyFrame };
    if (header.width !== undefined) frame.width = header.width;
    if (header.height !== undefined) frame.height = header.height;
    if (first.pictureId !== undefined) frame.pictureId = first.pictureId;
    if (first.temporalId !== undefined) frame.temporalId = first.temporalId;
    return frame;
  },
};

/** Reassembles VP8 frames from RTP payloads (RFC 7741 §4.4); `push` never throws on bad input. */
export class Vp8Depacketizer extends FrameAssembler<Vp8Unit> {
  /** Builds a depacketizer; `maxFrameBytes` caps what one frame may hold. */
  constructor(options: DepacketizerOptions = {}) {
    super(vp8Codec, options);
  }
}
