// SHUTDOWN chunk (RFC 9260 §3.3.8).
import { readU32 } from './bytes.js';
import { ChunkType } from './constants.js';
import { ParseError } from './errors.js';

/** A SHUTDOWN: no more new data; carries the sender's cumulative TSN ack. */
export interface ShutdownChunk {
  type: typeof ChunkType.SHUTDOWN;
  cumTsnAck: number;
}

/** Parses a SHUTDOWN value. */
export function parseShutdown(v: Uint8Array): ShutdownChunk {
  if (v.length !== 4) throw new ParseError('SCTP_BAD_CHUNK_LENGTH', 'SHUTDOWN length must be 8');
  return { type: ChunkType.SHUTDOWN, cumTsnAck: readU32(v, 0) };
}
