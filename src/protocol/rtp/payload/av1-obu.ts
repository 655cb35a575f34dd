// AV1 open bitstream units (AV1 spec §5.3), their LEB128 sizes (§4.10.5) and the sequence
// header fields that give the frame size (§5.5).
import { BitReader } from './bits.js';
import { need, ParseError } from './errors.js';

/** OBU types (AV1 spec §6.2.2). */
export const ObuType = {
  SEQUENCE_HEADER: 1,
  TEMPORAL_DELIMITER: 2,
  FRAME_HEADER: 3,
  TILE_GROUP: 4,
  METADATA: 5,
  FRAME: 6,
  REDUNDANT_FRAME_HEADER: 7,
  TILE_LIST: 8,
  PADDING: 15,
} as const;

/** Reads a LEB128 value (AV1 spec §4.10.5: at most 8 bytes, below 2^32). */
export function readLeb128(bytes: Uint8Array, offset: number): { value: number; length: number } {
  let value = 0;
  for (let i = 0; i < 8; i++) {
    need(bytes, offset + i, 1, 'LEB128');
    const b = bytes[offset + i]!;
    value += (b & 0x7f) * 2 ** (7 * i);
    if (!(b & 0x80)) {
      if (value > 0xffffffff) throw new ParseError('PAYLOAD_BAD_VALUE', 'LEB128 value above 2^32 - 1');
      return { value, length: i + 1 };
    }
  }
  throw new ParseError('PAYLOAD_BAD_VALUE', 'LEB128 longer than 8 bytes');
}

/** Writes a LEB128 value in as few bytes as it needs. */
export function writeLeb128(value: number): Uint8Array {
  const out: number[] = [];
  let v = value;
  do {
    const b = v % 128;
    v = Math.floor(v / 128);
    out.push(v > 0 ? b | 0x80 : b);
  } while (v > 0);
  return Uint8Array.from(out);
}

/** The length of `writeLeb128(value)`. */
export function leb128Size(value: number): number {
  let n = 1;
  for (let v = value; v >= 128; v = Math.floor(v / 128)) n++;
  return n;
}

/** One OBU: its header byte(s) without obu_has_size_field, and its payload. */
export interface Obu {
  /** obu_type. */
  type: number;
  /** The OBU header (1 byte, or 2 with the extension) with obu_has_size_field cleared. */
  header: Uint8Array;
  /** The OBU payload. */
  payload: Uint8Array;
}

/**
 * Parses one OBU at the start of `bytes` (AV1 spec §5.3.1). Without a size field the OBU runs
 * to the end of `bytes`. Returns the OBU and the bytes it took.
 */
export function parseObu(bytes: Uint8Array): { obu: Obu; length: number } {
  need(bytes, 0, 1, 'OBU header');
  const h = bytes[0]!;
  // AV1 spec §5.3.2: obu_forbidden_bit is 0.
  if (h & 0x80) throw new ParseError('PAYLOAD_BAD_VALUE', 'OBU forbidden bit set');
  const headerLength = h & 0x04 ? 2 : 1;
  need(bytes, 0, headerLength, 'OBU extension header');
  const header = bytes.slice(0, headerLength);
  header[0] = h & ~0x02;
  let o = headerLength;
  let size = bytes.length - o;
  if (h & 0x02) {
    const leb = readLeb128(bytes, o);
    o += leb.length;
    need(bytes, o, leb.value, 'OBU payload');
    size = leb.value;
  }
  return { obu: { type: (h >> 3) & 0x0f, header, payload: bytes.subarray(o, o + size) }, length: o + size };
}

/** Splits a temporal unit in the low overhead bitstream format (AV1 spec §5.2) into OBUs. */
export function splitObus(tu: Uint8Array): Obu[] {
  const out: Obu[] = [];
  for (let o = 0; o < tu.length; ) {
    const { obu, length } = parseObu(tu.subarray(o));
    out.push(obu);
    o += length;
  }
  return out;
}

/** Writes an OBU with obu_has_size_field set and its size (the low overhead format). */
export function writeObuWithSize(obu: Obu): Uint8Array {
  const size = writeLeb128(obu.payload.length);
  const out = new Uint8Array(obu.header.length + size.length + obu.payload.length);
  out.set(obu.header);
  out[0]! |= 0x02;
  out.set(size, obu.header.length);
  out.set(obu.payload, obu.header.length + size.length);
  return out;
}

/** What the depacketizer reads from a sequence header (AV1 spec §5.5.1). */
export interface Av1SequenceHeader {
  /** reduced_still_picture_header: every frame is a key frame with a short header. */
  reducedStillPictureHeader: boolean;
  /** max_frame_width_minus_1 + 1: a WebRTC sender sets it to its frame width. */
  width: number;
  /** max_frame_height_minus_1 + 1. */
  height: number;
}

/** Parses a sequence header OBU payload up to the frame size. */
export function parseAv1SequenceHeader(payload: Uint8Array): Av1SequenceHeader {
  const r = new BitReader(payload);
  r.skip(4); // seq_profile, still_picture
  const reduced = r.flag();
  if (reduced) {
    r.skip(5); // seq_level_idx[0]
  } else {
    let decoderModel = false;
    let bufferDelayBits = 0;
    if (r.flag()) {
      // timing_info (§5.5.3)
      r.skip(64);
      if (r.flag()) r.uvlc();
      decoderModel = r.flag();
      if (decoderModel) {
        // decoder_model_info (§5.5.4)
        bufferDelayBits = r.bits(5) + 1;
        r.skip(32 + 5 + 5);
      }
    }
    const initialDisplayDelay = r.flag();
    const points = r.bits(5) + 1;
    for (let i = 0; i < points; i++) {
      r.skip(12); // operating_point_idc
      if (r.bits(5) > 7) r.skip(1); // seq_level_idx, seq_tier
      if (decoderModel && r.flag()) r.skip(2 * bufferDelayBits + 1); // operating_parameters_info
      if (initialDisplayDelay && r.flag()) r.skip(4);
    }
  }
  const widthBits = r.bits(4) + 1;
  const heightBits = r.bits(4) + 1;
  return { reducedStillPictureHeader: reduced, width: r.bits(widthBits) + 1, height: r.bits(heightBits) + 1 };
}
