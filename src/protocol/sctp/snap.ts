// SNAP (draft-hancke-tsvwg-snap): each side's INIT chunk travels in its SDP (a=sctp-init),
// and once both are known the association is ESTABLISHED when DTLS is, without the INIT,
// INIT ACK, COOKIE ECHO and COOKIE ACK round trips. DTLS already keeps out the blind
// attackers the cookie exchange is there for (draft §7, RFC 8261).
import { pad4, readU16 } from './bytes.js';
import { chunkLength, writeChunk } from './chunk.js';
import { parseInit, type InitChunk } from './chunk-init.js';
import { CHUNK_HEADER_BYTES, ChunkType } from './constants.js';
import { ParseError } from './errors.js';
import { extensionParams, nonZeroUint32 } from './handshake.js';
import { DEFAULT_RECEIVE_WINDOW_BYTES, DEFAULT_STREAMS } from './options.js';

/** The INIT chunk an association with these values sends (RFC 9260 §3.3.2). */
export function initChunkOf(v: { initiateTag: number; initialTsn: number; receiveWindowBytes: number; outboundStreams: number; inboundStreams: number }): InitChunk {
  return {
    type: ChunkType.INIT,
    initiateTag: v.initiateTag,
    aRwnd: v.receiveWindowBytes,
    outboundStreams: v.outboundStreams,
    inboundStreams: v.inboundStreams,
    initialTsn: v.initialTsn,
    params: extensionParams(),
  };
}

/**
 * A fresh INIT chunk for a=sctp-init: a new Initiate Tag and initial TSN from `uint32`, the
 * default window and stream counts. An association made with `initiateTag` and
 * `initialTsn` from it (see `decodeInitChunk`) is the one this INIT describes.
 */
export function newSnapInit(uint32: () => number): Uint8Array {
  const initiateTag = nonZeroUint32(uint32);
  const initialTsn = uint32() >>> 0;
  return encodeInitChunk(
    initChunkOf({ initiateTag, initialTsn, receiveWindowBytes: DEFAULT_RECEIVE_WINDOW_BYTES, outboundStreams: DEFAULT_STREAMS, inboundStreams: DEFAULT_STREAMS }),
  );
}

/** An INIT chunk as a=sctp-init carries it: header and value, without trailing padding. */
export function encodeInitChunk(init: InitChunk): Uint8Array {
  const length = chunkLength(init);
  const b = new Uint8Array(pad4(length));
  writeChunk(init, b, 0);
  return b.slice(0, length);
}

/**
 * Reads the INIT chunk of an a=sctp-init value; throws ParseError unless the bytes are one
 * well-formed INIT (trailing padding allowed).
 */
export function decodeInitChunk(bytes: Uint8Array): InitChunk {
  if (bytes.length < CHUNK_HEADER_BYTES + 16) throw new ParseError('SCTP_BAD_CHUNK_LENGTH', 'sctp-init is shorter than an INIT chunk');
  if (bytes[0] !== ChunkType.INIT) throw new ParseError('SCTP_BAD_VALUE', `sctp-init holds chunk type ${bytes[0]}, not INIT`);
  const length = readU16(bytes, 2);
  if (length < CHUNK_HEADER_BYTES + 16 || length > bytes.length || pad4(length) < bytes.length) {
    throw new ParseError('SCTP_BAD_CHUNK_LENGTH', `sctp-init chunk length ${length} does not match its ${bytes.length} bytes`);
  }
  return parseInit(ChunkType.INIT, bytes.subarray(CHUNK_HEADER_BYTES, length));
}
