// VP9 over RTP (RFC 9628): a packetizer for one spatial layer as libwebrtc sends it
// (non-flexible mode, 15-bit PictureID, B/E, SS with the resolution on key frames) and a
// depacketizer for what Chromium and Firefox send, flexible or not, layered or not.
import { balancedSizes, concat, FrameAssembler, type DepacketizerOptions, type FrameBody, type PacketUnit, type PayloadCodec } from './assembler.js';
import { BitReader } from './bits.js';
import { checkBudget, ParseError } from './errors.js';
import type { EncodedVideoFrame, PacketizedPayload, ReceivedPayload } from './types.js';
import { parseVp9Descriptor, serializeVp9Descriptor, type Vp9Descriptor } from './vp9-descriptor.js';

/** The RTP clock rate of VP9 (RFC 9628 §6.1). */
export const VP9_CLOCK_RATE = 90000;

/** What the uncompressed header of a VP9 frame says (VP9 bitstream spec §6.2). */
export interface Vp9FrameHeader {
  /** Profile 0-3. */
  profile: number;
  /** frame_type == KEY_FRAME (and not show_existing_frame). */
  keyFrame: boolean;
  /** show_existing_frame. */
  showExistingFrame: boolean;
  /** Width in pixels (key frames). */
  width?: number;
  /** Height in pixels (key frames). */
  height?: number;
}

/** Parses the start of a VP9 uncompressed header; the frame size only on key frames. */
export function parseVp9FrameHeader(frame: Uint8Array): Vp9FrameHeader {
  const r = new BitReader(frame);
  // VP9 spec §6.2: frame_marker is 2.
  if (r.bits(2) !== 2) throw new ParseError('PAYLOAD_BAD_BITSTREAM', 'VP9 frame marker is not 2');
  const low = r.bits(1);
  const profile = (r.bits(1) << 1) | low;
  if (profile === 3) r.skip(1);
  if (r.flag()) return { profile, keyFrame: false, showExistingFrame: true };
  const keyFrame = r.bits(1) === 0;
  r.skip(2); // show_frame, error_resilient_mode
  if (!keyFrame) return { profile, keyFrame, showExistingFrame: false };
  // VP9 spec §6.2.1: frame_sync_code 0x49 0x83 0x42.
  if (r.bits(24) !== 0x498342) throw new ParseError('PAYLOAD_BAD_BITSTREAM', 'VP9 key frame without its sync code');
  // VP9 spec §6.2.2 color_config.
  if (profile >= 2) r.skip(1);
  const colorSpace = r.bits(3);
  if (colorSpace !== 7) {
    r.skip(1);
    if (profile === 1 || profile === 3) r.skip(3);
  } else if (profile === 1 || profile === 3) {
    r.skip(1);
  }
  // VP9 spec §6.2.3 frame_size.
  const width = r.bits(16) + 1;
  const height = r.bits(16) + 1;
  return { profile, keyFrame, showExistingFrame: false, width, height };
}

/** Options of the VP9 packetizer. */
export interface Vp9PacketizerOptions {
  /** The first PictureID (15 bits), random in Chromium, so passed in by the driver. */
  pictureId?: number;
}

/** Splits VP9 frames of a single-layer stream into RTP payloads (RFC 9628 §4). */
export class Vp9Packetizer {
  private pictureId: number;

  /** Builds a packetizer. */
  constructor(options: Vp9PacketizerOptions = {}) {
    this.pictureId = (options.pictureId ?? 0) & 0x7fff;
  }

  /** The PictureID the next frame gets. */
  get nextPictureId(): number {
    return this.pictureId;
  }

  /**
   * Payloads of one frame, each at most `maxPayloadBytes`; the last has the marker bit. Key
   * frames carry the SS with the resolution, given or read from the frame's header.
   */
  packetize(frame: EncodedVideoFrame & { width?: number; height?: number }, maxPayloadBytes: number): PacketizedPayload[] {
    const base: Vp9Descriptor = {
      interPicturePredicted: !frame.keyFrame,
      flexible: false,
      beginsFrame: true,
      endsFrame: false,
      notReferencedUpward: false,
      pictureId: this.pictureId,
      pictureId15: true,
    };
    this.pictureId = (this.pictureId + 1) & 0x7fff;
    if (frame.data.length === 0) throw new RangeError('VP9: an empty frame cannot be sent');
    if (frame.keyFrame) {
      let size = frame.width !== undefined && frame.height !== undefined ? { width: frame.width, height: frame.height } : undefined;
      if (!size) {
        try {
          const h = parseVp9FrameHeader(frame.data);
          if (h.width !== undefined && h.height !== undefined) size = { width: h.width, height: h.height };
        } catch (err) {
          if (!(err instanceof ParseError)) throw err;
        }
      }
      // RFC 9628 §4.2.1: the SS goes with the first packet of a key frame.
      base.ss = size ? { spatialLayers: 1, resolutions: [size] } : { spatialLayers: 1 };
    }
    const firstHeader = serializeVp9Descriptor(base).length;
    const restHeader = serializeVp9Descriptor({ ...base, ss: undefined }).length;
    checkBudget(maxPayloadBytes, firstHeader + 1, 'VP9');
    // The SS makes the first descriptor longer: size the packets evenly as if those extra bytes
    // were media, then take them off the first packet (or fill it first when that leaves nothing).
    const extra = firstHeader - restHeader;
    let sizes = balancedSizes(frame.data.length + extra, maxPayloadBytes - restHeader);
    sizes[0]! -= extra;
    if (sizes[0]! < 1) {
      const first = Math.min(frame.data.length, maxPayloadBytes - firstHeader);
      sizes = frame.data.length > first ? [first, ...balancedSizes(frame.data.length - first, maxPayloadBytes - restHeader)] : [first];
    }
    const out: PacketizedPayload[] = [];
    let o = 0;
    for (const size of sizes) {
      const d = o === 0 ? base : { ...base, ss: undefined, beginsFrame: false };
      out.push({ payload: concat([serializeVp9Descriptor(d), frame.data.subarray(o, o + size)]), marker: false });
      o += size;
    }
    const last = out[out.length - 1]!;
    // RFC 9628 §4.2: E=1 on the last packet of the layer frame; the marker ends the picture.
    last.payload[0]! |= 0x04;
    last.marker = true;
    return out;
  }
}

/** One parsed VP9 packet. */
export interface Vp9Unit extends PacketUnit {
  descriptor: Vp9Descriptor;
  data: Uint8Array;
}

const vp9Codec: PayloadCodec<Vp9Unit> = {
  exactStart: true,
  parse(packet: ReceivedPayload): Vp9Unit {
    const { descriptor, length } = parseVp9Descriptor(packet.payload);
    const data = packet.payload.subarray(length);
    if (data.length === 0) throw new ParseError('PAYLOAD_EMPTY', 'VP9 packet without payload bytes');
    // RFC 9628 §4.2: B begins a layer frame, E ends it; the marker ends the picture.
    return { begins: descriptor.beginsFrame, ends: descriptor.endsFrame || packet.marker, sizeBytes: data.length, descriptor, data };
  },
  build(units: Vp9Unit[]): FrameBody {
    const first = units[0]!.descriptor;
    for (const u of units) {
      const d = u.descriptor;
      if (d.pictureId !== first.pictureId || d.layer?.spatialId !== first.layer?.spatialId) throw new ParseError('PAYLOAD_BAD_FRAGMENT', 'VP9 PictureID or spatial layer changes inside a layer frame');
    }
    const data = concat(units.map((u) => u.data));
    const spatialId = first.layer?.spatialId ?? 0;
    // RFC 9628 §4.2: P=0 on the base spatial layer is an independently decodable picture.
    const frame: FrameBody = { data, keyFrame: !first.interPicturePredicted && spatialId === 0 };
    const res = first.ss?.resolutions?.[spatialId];
    if (res) {
      frame.width = res.width;
      frame.height = res.height;
    }
    try {
      const h = parseVp9FrameHeader(data);
      if (h.width !== undefined && h.height !== undefined) {
        frame.width = h.width;
        frame.height = h.height;
      }
    } catch (err) {
      // The descriptor is what the payload format needs; a bitstream header that does not
      // parse (an unusual profile) only leaves the size unknown.
      if (!(err instanceof ParseError)) throw err;
    }
    if (first.pictureId !== undefined) frame.pictureId = first.pictureId;
    if (first.layer) {
      frame.temporalId = first.layer.temporalId;
      frame.spatialId = first.layer.spatialId;
    }
    return frame;
  },
};

/** Reassembles VP9 layer frames from RTP payloads (RFC 9628 §4); `push` never throws on bad input. */
export class Vp9Depacketizer extends FrameAssembler<Vp9Unit> {
  /** Builds a depacketizer; `maxFrameBytes` caps what one frame may hold. */
  constructor(options: DepacketizerOptions = {}) {
    super(vp9Codec, options);
  }
}
