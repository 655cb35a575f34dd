// INIT and INIT ACK chunks share one layout (RFC 9260 §3.3.2, §3.3.3).
import { readU16, readU32, writeU16, writeU32 } from './bytes.js';
import { ChunkType } from './constants.js';
import { ParseError } from './errors.js';
import { parseTlvs, tlvsLength, writeTlvs, type Tlv } from './param.js';

/** An INIT or INIT ACK chunk. */
export interface InitChunk {
  type: typeof ChunkType.INIT | typeof ChunkType.INIT_ACK;
  /** The tag the sender wants in every packet it receives. */
  initiateTag: number;
  /** Advertised receiver window credit in bytes. */
  aRwnd: number;
  outboundStreams: number;
  inboundStreams: number;
  initialTsn: number;
  /** Optional and variable-length parameters, in wire order. */
  params: Tlv[];
}

/** Parses an INIT or INIT ACK chunk value. */
export function parseInit(type: typeof ChunkType.INIT | typeof ChunkType.INIT_ACK, v: Uint8Array): InitChunk {
  if (v.length < 16) throw new ParseError('SCTP_BAD_CHUNK_LENGTH', 'INIT chunk too short');
  const initiateTag = readU32(v, 0);
  const outboundStreams = readU16(v, 8);
  const inboundStreams = readU16(v, 10);
  // RFC 9260 §3.3.2: a zero Initiate Tag, OS or MIS is a protocol error.
  if (initiateTag === 0) throw new ParseError('SCTP_BAD_VALUE', 'zero initiate tag');
  if (outboundStreams === 0 || inboundStreams === 0) throw new ParseError('SCTP_BAD_VALUE', 'zero stream count');
  return {
    type,
    initiateTag,
    aRwnd: readU32(v, 4),
    outboundStreams,
    inboundStreams,
    initialTsn: readU32(v, 12),
    params: parseTlvs(v, 16, v.length),
  };
}

/** Unpadded length of an INIT or INIT ACK value. */
export function initValueLength(c: InitChunk): number {
  return 16 + tlvsLength(c.params);
}

/** Writes an INIT or INIT ACK value at `o`. */
export function writeInitValue(c: InitChunk, b: Uint8Array, o: number): void {
  writeU32(b, o, c.initiateTag);
  writeU32(b, o + 4, c.aRwnd);
  writeU16(b, o + 8, c.outboundStreams);
  writeU16(b, o + 10, c.inboundStreams);
  writeU32(b, o + 12, c.initialTsn);
  writeTlvs(c.params, b, o + 16);
}
