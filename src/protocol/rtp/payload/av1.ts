// AV1 over RTP (AOMedia "RTP Payload Format For AV1" v1.0, cited as AV1-RTP): the
// aggregation header (Z, Y, W, N), OBU elements with LEB128 sizes, temporal delimiters
// dropped and OBU size fields removed on send, restored on receive.
import { concat, FrameAssembler, type DepacketizerOptions, type FrameBody, type PacketUnit, type PayloadCodec } from './assembler.js';
import { leb128Size, ObuType, parseAv1SequenceHeader, parseObu, readLeb128, splitObus, writeLeb128, writeObuWithSize, type Obu } from './av1-obu.js';
import { checkBudget, need, ParseError } from './errors.js';
import type { EncodedVideoFrame, PacketizedPayload, ReceivedPayload } from './types.js';

/** The RTP clock rate of AV1 (AV1-RTP §7.1). */
export const AV1_CLOCK_RATE = 90000;

/** The temporal delimiter the depacketizer puts before each temporal unit (AV1 spec §5.6). */
const TEMPORAL_DELIMITER = Uint8Array.of(0x12, 0x00);

interface Building {
  elements: Uint8Array[];
  z: boolean;
}

function finish(b: Building, y: boolean, n: boolean, out: PacketizedPayload[]): void {
  // AV1-RTP §4.4: W (1-3) says how many elements there are, and the last goes without its
  // length; W=0 means every element has its length.
  const w = b.elements.length <= 3 ? b.elements.length : 0;
  const parts: Uint8Array[] = [Uint8Array.of((b.z ? 0x80 : 0) | (y ? 0x40 : 0) | (w << 4) | (n ? 0x08 : 0))];
  b.elements.forEach((e, i) => {
    if (w === 0 || i < w - 1) parts.push(writeLeb128(e.length));
    parts.push(e);
  });
  out.push({ payload: concat(parts), marker: false });
}

/** Splits AV1 temporal units (low overhead bitstream format) into RTP payloads (AV1-RTP §5). */
export class Av1Packetizer {
  /**
   * Payloads of one temporal unit, each at most `maxPayloadBytes`; the last has the marker bit.
   * N is set on the first packet of a key frame (a new coded video sequence).
   */
  packetize(frame: EncodedVideoFrame, maxPayloadBytes: number): PacketizedPayload[] {
    checkBudget(maxPayloadBytes, 3, 'AV1');
    let obus: Obu[];
    try {
      obus = splitObus(frame.data);
    } catch (err) {
      if (err instanceof ParseError) throw new RangeError(`AV1: the frame is not a low overhead bitstream temporal unit (${err.message})`);
      throw err;
    }
    // AV1-RTP §5: temporal delimiters SHOULD be removed, tile list OBUs SHOULD be removed, and
    // OBUs go without their size field (obu_has_size_field = 0).
    const elements = obus.filter((o) => o.type !== ObuType.TEMPORAL_DELIMITER && o.type !== ObuType.TILE_LIST).map((o) => concat([o.header, o.payload]));
    const out: PacketizedPayload[] = [];
    let cur: Building = { elements: [], z: false };
    let room = maxPayloadBytes - 1;
    const close = (y: boolean): void => {
      finish(cur, y, frame.keyFrame && out.length === 0, out);
      cur = { elements: [], z: y };
      room = maxPayloadBytes - 1;
    };
    for (const e of elements) {
      let pos = 0;
      while (pos < e.length) {
        const rest = e.length - pos;
        const lastSlot = cur.elements.length < 3;
        if (leb128Size(rest) + rest <= room) {
          cur.elements.push(e.subarray(pos));
          room -= leb128Size(rest) + rest;
          pos = e.length;
        } else if (lastSlot && rest <= room) {
          // It fits only as the last element, which goes without a length: close the packet.
          cur.elements.push(e.subarray(pos));
          pos = e.length;
          close(false);
        } else {
          const take = lastSlot ? room : room - leb128Size(room);
          if (take < 1) {
            close(false);
            continue;
          }
          cur.elements.push(e.subarray(pos, pos + take));
          pos += take;
          // AV1-RTP §4.4: Y=1, the last element continues in the next packet (whose Z=1).
          close(true);
        }
      }
    }
    if (cur.elements.length > 0) close(false);
    if (out.length > 0) out[out.length - 1]!.marker = true;
    return out;
  }
}

/** One parsed AV1 packet. */
export interface Av1Unit extends PacketUnit {
  /** Z: the first element continues an OBU of the previous packet. */
  z: boolean;
  /** Y: the last element continues in the next packet. */
  y: boolean;
  /** N: the first packet of a coded video sequence. */
  n: boolean;
  elements: Uint8Array[];
}

/** Parses the aggregation header and OBU elements of one payload (AV1-RTP §4.4). */
export function parseAv1Payload(payload: Uint8Array): { z: boolean; y: boolean; n: boolean; elements: Uint8Array[] } {
  need(payload, 0, 1, 'AV1 aggregation header');
  const h = payload[0]!;
  const z = (h & 0x80) !== 0;
  const y = (h & 0x40) !== 0;
  const w = (h >> 4) & 0x03;
  const n = (h & 0x08) !== 0;
  const elements: Uint8Array[] = [];
  let o = 1;
  while (o < payload.length) {
    let size: number;
    if (w !== 0 && elements.length === w - 1) {
      size = payload.length - o;
    } else {
      const leb = readLeb128(payload, o);
      o += leb.length;
      size = leb.value;
      need(payload, o, size, 'AV1 OBU element');
    }
    if (size === 0) throw new ParseError('PAYLOAD_BAD_VALUE', 'AV1 OBU element of length 0');
    elements.push(payload.subarray(o, o + size));
    o += size;
  }
  if (elements.length === 0) throw new ParseError('PAYLOAD_EMPTY', 'AV1 packet without OBU elements');
  if (w !== 0 && elements.length !== w) throw new ParseError('PAYLOAD_BAD_VALUE', `AV1 W=${w} with ${elements.length} elements`);
  return { z, y, n, elements };
}

/** OBU types a temporal unit may open with (AV1 spec §7.5: TD, sequence header, metadata, frame (header)). */
const OPENING = new Set<number>([ObuType.SEQUENCE_HEADER, ObuType.TEMPORAL_DELIMITER, ObuType.FRAME_HEADER, ObuType.METADATA, ObuType.FRAME]);

const av1Codec: PayloadCodec<Av1Unit> = {
  exactStart: false,
  parse(packet: ReceivedPayload): Av1Unit {
    const p = parseAv1Payload(packet.payload);
    // An upper bound of what the packet adds to the output: each element may gain a size
    // field (at most 5 bytes for 32 bits), and the temporal delimiter is counted per packet.
    const size = p.elements.reduce((s, e) => s + e.length + 5, 2);
    const begins = p.n || (!p.z && OPENING.has((p.elements[0]![0]! >> 3) & 0x0f));
    return { begins, ends: packet.marker, sizeBytes: size, ...p };
  },
  build(units: Av1Unit[]): FrameBody {
    const obus: Obu[] = [];
    let open: Uint8Array[] | undefined;
    for (const u of units) {
      u.elements.forEach((e, i) => {
        if (i === 0 && u.z) {
          if (!open) throw new ParseError('PAYLOAD_BAD_FRAGMENT', 'AV1 Z=1 without an OBU to continue');
          open.push(e);
        } else {
          if (open) throw new ParseError('PAYLOAD_BAD_FRAGMENT', 'AV1 Y=1 not followed by Z=1');
          open = [e];
        }
        if (i < u.elements.length - 1 || !u.y) {
          const bytes = concat(open);
          const { obu, length } = parseObu(bytes);
          if (length !== bytes.length) throw new ParseError('PAYLOAD_BAD_VALUE', 'AV1 OBU size field disagrees with its element');
          obus.push(obu);
          open = undefined;
        }
      });
    }
    if (open) throw new ParseError('PAYLOAD_BAD_FRAGMENT', 'AV1 temporal unit ends inside an OBU');
    // AV1-RTP §5: temporal delimiters and tile lists received are ignored; one TD opens the unit.
    const kept = obus.filter((o) => o.type !== ObuType.TEMPORAL_DELIMITER && o.type !== ObuType.TILE_LIST);
    const frame: FrameBody = { data: concat([TEMPORAL_DELIMITER, ...kept.map(writeObuWithSize)]), keyFrame: units[0]!.n };
    const seq = kept.find((o) => o.type === ObuType.SEQUENCE_HEADER);
    const first = kept.find((o) => o.type === ObuType.FRAME || o.type === ObuType.FRAME_HEADER);
    if (seq) {
      try {
        const s = parseAv1SequenceHeader(seq.payload);
        frame.width = s.width;
        frame.height = s.height;
        // AV1 spec §5.9.2: show_existing_frame (1 bit), then frame_type (2 bits, 0 = KEY_FRAME).
        if (first && (s.reducedStillPictureHeader || (first.payload.length > 0 && (first.payload[0]! & 0xe0) === 0))) frame.keyFrame = true;
      } catch (err) {
        if (!(err instanceof ParseError)) throw err;
      }
    }
    if (first && first.header.length === 2) {
      frame.temporalId = first.header[1]! >> 5;
      frame.spatialId = (first.header[1]! >> 3) & 0x03;
    }
    return frame;
  },
};

/** Reassembles AV1 temporal units from RTP payloads (AV1-RTP §5); `push` never throws on bad input. */
export class Av1Depacketizer extends FrameAssembler<Av1Unit> {
  /** Builds a depacketizer; `maxFrameBytes` caps what one temporal unit may hold. */
  constructor(options: DepacketizerOptions = {}) {
    super(av1Codec, options);
  }
}
