// Generic NACK (RFC 4585 §6.2.1): transport-layer feedback FMT 1, lost packets as PID + BLP
// pairs, built from and expanded to lists of sequence numbers.
import { checkIntIn, readU16, readU32, writeU16, writeU32 } from './bytes.js';
import { badPacket, FEEDBACK_HEADER_BYTES } from './rtcp-header.js';

/** RFC 4585 §6.2.1: one FCI entry: a lost packet ID and a bitmask of the 16 after it. */
export interface NackPair {
  /** Packet ID: the sequence number of a lost packet. */
  pid: number;
  /** Bitmask of following lost packets: bit i (LSB first) set means PID + i + 1 was lost. */
  blp: number;
}

/** A generic NACK. */
export interface GenericNack {
  type: 'nack';
  senderSsrc: number;
  mediaSsrc: number;
  pairs: NackPair[];
}

/** Parses a generic NACK body (sender SSRC, media SSRC, FCI). */
export function parseGenericNack(body: Uint8Array): GenericNack {
  const fci = body.length - FEEDBACK_HEADER_BYTES;
  // RFC 4585 §6.2.1: the FCI holds at least one 4-byte entry.
  if (fci < 4 || fci % 4 !== 0) badPacket(`generic NACK with ${fci} FCI bytes`);
  const pairs: NackPair[] = [];
  for (let o = FEEDBACK_HEADER_BYTES; o < body.length; o += 4) pairs.push({ pid: readU16(body, o), blp: readU16(body, o + 2) });
  return { type: 'nack', senderSsrc: readU32(body, 0), mediaSsrc: readU32(body, 4), pairs };
}

/** Body bytes of a generic NACK. */
export function nackBodyLength(p: GenericNack): number {
  if (p.pairs.length === 0) throw new RangeError('a generic NACK needs at least one entry');
  return FEEDBACK_HEADER_BYTES + 4 * p.pairs.length;
}

/** Writes a generic NACK body at `o`. */
export function writeNackBody(p: GenericNack, out: Uint8Array, o: number): void {
  checkIntIn(p.senderSsrc, 0, 0xffffffff, 'sender SSRC');
  checkIntIn(p.mediaSsrc, 0, 0xffffffff, 'media SSRC');
  writeU32(out, o, p.senderSsrc);
  writeU32(out, o + 4, p.mediaSsrc);
  o += FEEDBACK_HEADER_BYTES;
  for (const { pid, blp } of p.pairs) {
    checkIntIn(pid, 0, 0xffff, 'NACK PID');
    checkIntIn(blp, 0, 0xffff, 'NACK BLP');
    writeU16(out, o, pid);
    writeU16(out, o + 2, blp);
    o += 4;
  }
}

/**
 * The PID + BLP pairs naming `lost` (16-bit sequence numbers, in sending order across a
 * wrap): a pair starts at each number not within the 16 after the current pair's PID.
 */
export function nackPairsFromSequences(lost: Iterable<number>): NackPair[] {
  const pairs: NackPair[] = [];
  let current: NackPair | undefined;
  for (const seq of lost) {
    checkIntIn(seq, 0, 0xffff, 'lost sequence number');
    const offset = current === undefined ? 0 : (seq - current.pid) & 0xffff;
    if (current !== undefined && offset >= 1 && offset <= 16) {
      current.blp |= 1 << (offset - 1);
    } else if (current === undefined || offset !== 0) {
      current = { pid: seq, blp: 0 };
      pairs.push(current);
    }
  }
  return pairs;
}

/** The sequence numbers the pairs name, in order (at most 17 per pair, so bounded by the packet). */
export function sequencesFromNackPairs(pairs: readonly NackPair[]): number[] {
  const out: number[] = [];
  for (const { pid, blp } of pairs) {
    out.push(pid);
    for (let i = 0; i < 16; i++) if (blp & (1 << i)) out.push((pid + i + 1) & 0xffff);
  }
  return out;
}
