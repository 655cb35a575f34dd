// H.264 NAL units (ITU-T H.264 §7.3.1) and the Annex B byte stream they travel in outside RTP.
import { concat } from './assembler.js';

/** NAL unit types the payload format treats specially (ITU-T H.264 Table 7-1, RFC 6184 §5.2). */
export const NalType = {
  SLICE: 1,
  IDR: 5,
  SEI: 6,
  SPS: 7,
  PPS: 8,
  AUD: 9,
  STAP_A: 24,
  STAP_B: 25,
  MTAP16: 26,
  MTAP24: 27,
  FU_A: 28,
  FU_B: 29,
} as const;

/** The 4-byte start code this project writes before every NAL unit. */
export const START_CODE = Uint8Array.of(0, 0, 0, 1);

/** The NAL unit type in the low 5 bits of the NAL header (RFC 6184 §1.3). */
export function nalType(header: number): number {
  return header & 0x1f;
}

/**
 * Splits an Annex B byte stream (ITU-T H.264 Annex B) into NAL units without their start codes.
 * Zero bytes before a start code (trailing_zero_8bits, the zero_byte of a 4-byte start code)
 * belong to no NAL unit and are removed. Bytes before the first start code are ignored.
 */
export function splitAnnexB(stream: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let start = -1;
  let i = 0;
  const n = stream.length;
  while (i + 2 < n) {
    if (stream[i + 2]! > 1) {
      i += 3;
    } else if (stream[i] === 0 && stream[i + 1] === 0 && stream[i + 2] === 1) {
      if (start >= 0) push(out, stream, start, i);
      start = i + 3;
      i += 3;
    } else {
      i++;
    }
  }
  if (start >= 0) push(out, stream, start, n);
  return out;
}

function push(out: Uint8Array[], stream: Uint8Array, start: number, end: number): void {
  let e = end;
  while (e > start && stream[e - 1] === 0) e--;
  if (e > start) out.push(stream.subarray(start, e));
}

/** Joins NAL units into Annex B with a 4-byte start code before each. */
export function joinAnnexB(nals: readonly Uint8Array[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const nal of nals) parts.push(START_CODE, nal);
  return concat(parts);
}

/** Removes emulation prevention bytes (ITU-T H.264 §7.4.1: 0x000003 -> 0x0000) from a NAL payload. */
export function unescapeRbsp(nal: Uint8Array): Uint8Array {
  const out = new Uint8Array(nal.length);
  let zeros = 0;
  let o = 0;
  for (let i = 0; i < nal.length; i++) {
    const b = nal[i]!;
    if (zeros >= 2 && b === 3) {
      zeros = 0;
      continue;
    }
    zeros = b === 0 ? zeros + 1 : 0;
    out[o++] = b;
  }
  return out.subarray(0, o);
}

/**
 * Whether a NAL unit can open an access unit (ITU-T H.264 §7.4.1.2.3): an access unit
 * delimiter, SEI, SPS or PPS, or the first slice of a picture (first_mb_in_slice = 0, whose
 * ue(v) code is the single bit 1 at the start of the slice header).
 */
export function canStartAccessUnit(header: number, firstPayloadByte: number | undefined): boolean {
  const t = nalType(header);
  if (t === NalType.AUD || t === NalType.SEI || t === NalType.SPS || t === NalType.PPS || (t >= 14 && t <= 18)) return true;
  if (t === NalType.SLICE || t === 2 || t === NalType.IDR) return firstPayloadByte !== undefined && (firstPayloadByte & 0x80) !== 0;
  return false;
}
