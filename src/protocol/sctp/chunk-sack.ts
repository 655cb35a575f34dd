// SACK chunk (RFC 9260 §3.3.4).
import { readU16, readU32, writeU16, writeU32 } from './bytes.js';
import { ChunkType } from './constants.js';
import { ParseError } from './errors.js';

/** A gap ack block: TSNs cumTsnAck+start ..= cumTsnAck+end were received. */
export interface GapBlock {
  start: number;
  end: number;
}

/** A selective acknowledgement. */
export interface SackChunk {
  type: typeof ChunkType.SACK;
  cumTsnAck: number;
  aRwnd: number;
  gapBlocks: GapBlock[];
  duplicateTsns: number[];
}

/** Parses a SACK chunk value. */
export function parseSack(v: Uint8Array): SackChunk {
  if (v.length < 12) throw new ParseError('SCTP_BAD_CHUNK_LENGTH', 'SACK chunk too short');
  const nGaps = readU16(v, 8);
  const nDups = readU16(v, 10);
  if (v.length < 12 + 4 * (nGaps + nDups)) throw new ParseError('SCTP_BAD_CHUNK_LENGTH', 'SACK counts exceed length');
  const gapBlocks: GapBlock[] = new Array(nGaps);
  let o = 12;
  for (let i = 0; i < nGaps; i++, o += 4) gapBlocks[i] = { start: readU16(v, o), end: readU16(v, o + 2) };
  const duplicateTsns: number[] = new Array(nDups);
  for (let i = 0; i < nDups; i++, o += 4) duplicateTsns[i] = readU32(v, o);
  return { type: ChunkType.SACK, cumTsnAck: readU32(v, 0), aRwnd: readU32(v, 4), gapBlocks, duplicateTsns };
}

/** Unpadded length of a SACK chunk value. */
export function sackValueLength(c: SackChunk): number {
  return 12 + 4 * (c.gapBlocks.length + c.duplicateTsns.length);
}

/** Writes a SACK chunk value at `o`. */
export function writeSackValue(c: SackChunk, b: Uint8Array, o: number): void {
  writeU32(b, o, c.cumTsnAck);
  writeU32(b, o + 4, c.aRwnd);
  writeU16(b, o + 8, c.gapBlocks.length);
  writeU16(b, o + 10, c.duplicateTsns.length);
  o += 12;
  for (const g of c.gapBlocks) {
    writeU16(b, o, g.start);
    writeU16(b, o + 2, g.end);
    o += 4;
  }
  for (const t of c.duplicateTsns) {
    writeU32(b, o, t);
    o += 4;
  }
}
