// FORWARD TSN chunk (RFC 3758 §3.2).
import { readU16, readU32, writeU16, writeU32 } from './bytes.js';
import { ChunkType } from './constants.js';
import { ParseError } from './errors.js';

/** A stream and the largest SSN skipped on it. */
export interface SkippedStream {
  streamId: number;
  ssn: number;
}

/** A FORWARD TSN: the receiver treats every TSN up to newCumTsn as received. */
export interface ForwardTsnChunk {
  type: typeof ChunkType.FORWARD_TSN;
  newCumTsn: number;
  /** Ordered streams whose abandoned messages the receiver must skip. */
  streams: SkippedStream[];
}

/** Parses a FORWARD TSN value. */
export function parseForwardTsn(v: Uint8Array): ForwardTsnChunk {
  if (v.length < 4 || (v.length & 3) !== 0) throw new ParseError('SCTP_BAD_CHUNK_LENGTH', 'bad FORWARD TSN length');
  const streams: SkippedStream[] = [];
  for (let o = 4; o < v.length; o += 4) streams.push({ streamId: readU16(v, o), ssn: readU16(v, o + 2) });
  return { type: ChunkType.FORWARD_TSN, newCumTsn: readU32(v, 0), streams };
}

/** Unpadded length of a FORWARD TSN value. */
export function forwardTsnValueLength(c: ForwardTsnChunk): number {
  return 4 + 4 * c.streams.length;
}

/** Writes a FORWARD TSN value at `o`. */
export function writeForwardTsnValue(c: ForwardTsnChunk, b: Uint8Array, o: number): void {
  writeU32(b, o, c.newCumTsn);
  o += 4;
  for (const s of c.streams) {
    writeU16(b, o, s.streamId);
    writeU16(b, o + 2, s.ssn);
    o += 4;
  }
}
