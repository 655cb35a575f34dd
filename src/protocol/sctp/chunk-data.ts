// DATA chunk (RFC 9260 §3.3.1).
import { readU16, readU32, writeU16, writeU32 } from './bytes.js';
import { ChunkType, DATA_HEADER_BYTES } from './constants.js';
import { ParseError } from './errors.js';

/** Flag bits of a DATA chunk (RFC 9260 §3.3.1; I bit from RFC 7053). */
export const DataFlags = { END: 0x01, BEGIN: 0x02, UNORDERED: 0x04, IMMEDIATE: 0x08 } as const;

/** A DATA chunk: one fragment of a user message. */
export interface DataChunk {
  type: typeof ChunkType.DATA;
  /** U bit: deliver without regard to the stream sequence number. */
  unordered: boolean;
  /** B bit: first fragment of a message. */
  beginning: boolean;
  /** E bit: last fragment of a message. */
  ending: boolean;
  /** I bit (RFC 7053): the receiver should SACK without delay. */
  immediate: boolean;
  tsn: number;
  streamId: number;
  /** Stream sequence number (ignored when unordered). */
  ssn: number;
  /** Payload protocol identifier, opaque to SCTP. */
  ppid: number;
  /** The fragment's bytes (a view into the parsed packet). */
  userData: Uint8Array;
}

/** Parses a DATA chunk value. Empty user data parses; the association answers it with ABORT. */
export function parseData(flags: number, v: Uint8Array): DataChunk {
  if (v.length < DATA_HEADER_BYTES - 4) throw new ParseError('SCTP_BAD_CHUNK_LENGTH', 'DATA chunk too short');
  return {
    type: ChunkType.DATA,
    unordered: (flags & DataFlags.UNORDERED) !== 0,
    beginning: (flags & DataFlags.BEGIN) !== 0,
    ending: (flags & DataFlags.END) !== 0,
    immediate: (flags & DataFlags.IMMEDIATE) !== 0,
    tsn: readU32(v, 0),
    streamId: readU16(v, 4),
    ssn: readU16(v, 6),
    ppid: readU32(v, 8),
    userData: v.subarray(12),
  };
}

/** The flags byte of a DATA chunk. */
export function dataFlags(c: DataChunk): number {
  return (
    (c.ending ? DataFlags.END : 0) |
    (c.beginning ? DataFlags.BEGIN : 0) |
    (c.unordered ? DataFlags.UNORDERED : 0) |
    (c.immediate ? DataFlags.IMMEDIATE : 0)
  );
}

/** Unpadded length of a DATA chunk value. */
export function dataValueLength(c: DataChunk): number {
  return 12 + c.userData.length;
}

/** Writes a DATA chunk value at `o`. */
export function writeDataValue(c: DataChunk, b: Uint8Array, o: number): void {
  writeDataFields(b, o, c.tsn, c.streamId, c.ssn, c.ppid, c.userData);
}

/**
 * Writes a whole DATA chunk (header, fields, payload, padding) at `o` without building a
 * chunk object: the sender's hot path. Returns the padded end offset.
 */
export function writeDataChunk(
  b: Uint8Array,
  o: number,
  flags: number,
  tsn: number,
  streamId: number,
  ssn: number,
  ppid: number,
  payload: Uint8Array,
): number {
  const len = DATA_HEADER_BYTES + payload.length;
  b[o] = ChunkType.DATA;
  b[o + 1] = flags;
  writeU16(b, o + 2, len);
  writeDataFields(b, o + 4, tsn, streamId, ssn, ppid, payload);
  let end = o + len;
  while (end & 3) b[end++] = 0;
  return end;
}

function writeDataFields(
  b: Uint8Array,
  o: number,
  tsn: number,
  streamId: number,
  ssn: number,
  ppid: number,
  payload: Uint8Array,
): void {
  writeU32(b, o, tsn);
  writeU16(b, o + 4, streamId);
  writeU16(b, o + 6, ssn);
  writeU32(b, o + 8, ppid);
  b.set(payload, o + 12);
}
