// Type-length-value parameters and error causes share one layout (RFC 9260 §3.2.1, §3.3.10).
import { pad4, readU16, writeU16 } from './bytes.js';
import { ParseError } from './errors.js';

/** One TLV: an INIT parameter, a RE-CONFIG parameter or an error cause. */
export interface Tlv {
  /** Parameter type or cause code. */
  type: number;
  /** The value, without the 4-byte TLV header or padding. */
  value: Uint8Array;
}

/**
 * Parses consecutive TLVs in `b[start, end)`. RFC 9260 §3.2.1: lengths exclude padding; the
 * last TLV may omit its padding.
 */
export function parseTlvs(b: Uint8Array, start: number, end: number): Tlv[] {
  const out: Tlv[] = [];
  let o = start;
  while (o < end) {
    if (end - o < 4) throw new ParseError('SCTP_BAD_PARAM_LENGTH', 'truncated parameter header');
    const type = readU16(b, o);
    const len = readU16(b, o + 2);
    if (len < 4 || o + len > end) throw new ParseError('SCTP_BAD_PARAM_LENGTH', `parameter length ${len} does not fit`);
    out.push({ type, value: b.slice(o + 4, o + len) });
    o += pad4(len);
  }
  return out;
}

/**
 * Bytes `tlvs` count towards a chunk length: RFC 9260 §3.2: every TLV padded to 4 except the
 * last, whose padding is chunk padding.
 */
export function tlvsLength(tlvs: readonly Tlv[]): number {
  let n = 0;
  for (const t of tlvs) n += pad4(4 + t.value.length);
  if (tlvs.length > 0) n -= pad4(4 + tlvs[tlvs.length - 1]!.value.length) - (4 + tlvs[tlvs.length - 1]!.value.length);
  return n;
}

/** Writes `tlvs` at `o` (padding zero-filled); returns the offset after them. */
export function writeTlvs(tlvs: readonly Tlv[], b: Uint8Array, o: number): number {
  for (const t of tlvs) {
    writeU16(b, o, t.type);
    writeU16(b, o + 2, 4 + t.value.length);
    b.set(t.value, o + 4);
    const end = o + pad4(4 + t.value.length);
    b.fill(0, o + 4 + t.value.length, end);
    o = end;
  }
  return o;
}

/** The first TLV of a given type, if any. */
export function findTlv(tlvs: readonly Tlv[], type: number): Tlv | undefined {
  for (const t of tlvs) if (t.type === type) return t;
  return undefined;
}
