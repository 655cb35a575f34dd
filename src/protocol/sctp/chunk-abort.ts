// ABORT chunk (RFC 9260 §3.3.7).
import { ChunkType } from './constants.js';
import { parseTlvs, tlvsLength, writeTlvs, type Tlv } from './param.js';

/** T flag: the verification tag is the sender's own (reflected), not the receiver's. */
export const T_BIT = 0x01;

/** An ABORT: closes the association at once, with zero or more error causes. */
export interface AbortChunk {
  type: typeof ChunkType.ABORT;
  /** T bit (RFC 9260 §3.3.7). */
  reflected: boolean;
  causes: Tlv[];
}

/** Parses an ABORT value. */
export function parseAbort(flags: number, v: Uint8Array): AbortChunk {
  return { type: ChunkType.ABORT, reflected: (flags & T_BIT) !== 0, causes: parseTlvs(v, 0, v.length) };
}

/** Unpadded length of an ABORT value. */
export function abortValueLength(c: AbortChunk): number {
  return tlvsLength(c.causes);
}

/** Writes an ABORT value at `o`. */
export function writeAbortValue(c: AbortChunk, b: Uint8Array, o: number): void {
  writeTlvs(c.causes, b, o);
}
