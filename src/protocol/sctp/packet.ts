// SCTP packets: the common header and a list of chunks (RFC 9260 §3, §6.8).
import { pad4, readU16, readU32, writeU16, writeU32 } from './bytes.js';
import { chunkPaddedLength, parseChunk, writeChunk, type Chunk } from './chunk.js';
import { CHUNK_HEADER_BYTES, COMMON_HEADER_BYTES } from './constants.js';
import { packetChecksum, readChecksum, writeChecksum } from './crc32c.js';
import { ParseError } from './errors.js';

/** A parsed SCTP packet. */
export interface SctpPacket {
  sourcePort: number;
  destinationPort: number;
  verificationTag: number;
  chunks: Chunk[];
}

/** Packet parsing options. */
export interface ParsePacketOptions {
  /** Verify the CRC32c (default true). RFC 9260 §6.8: a mismatch means discard. */
  verifyChecksum?: boolean;
}

/**
 * Parses a packet. Throws ParseError for a bad checksum, a truncated header or any chunk
 * that does not fit or does not parse; chunk values are views into `bytes` except where a
 * chunk type copies.
 */
export function parsePacket(bytes: Uint8Array, options?: ParsePacketOptions): SctpPacket {
  if (bytes.length < COMMON_HEADER_BYTES) throw new ParseError('SCTP_TRUNCATED', 'packet shorter than common header');
  if (options?.verifyChecksum !== false && packetChecksum(bytes) !== readChecksum(bytes)) {
    throw new ParseError('SCTP_BAD_CHECKSUM', 'CRC32c mismatch');
  }
  const chunks: Chunk[] = [];
  let o = COMMON_HEADER_BYTES;
  while (o < bytes.length) {
    if (bytes.length - o < CHUNK_HEADER_BYTES) throw new ParseError('SCTP_TRUNCATED', 'truncated chunk header');
    const len = readU16(bytes, o + 2);
    if (len < CHUNK_HEADER_BYTES || o + len > bytes.length) {
      throw new ParseError('SCTP_BAD_CHUNK_LENGTH', `chunk length ${len} does not fit`);
    }
    chunks.push(parseChunk(bytes[o]!, bytes[o + 1]!, bytes.subarray(o + CHUNK_HEADER_BYTES, o + len)));
    o += pad4(len);
  }
  return {
    sourcePort: readU16(bytes, 0),
    destinationPort: readU16(bytes, 2),
    verificationTag: readU32(bytes, 4),
    chunks,
  };
}

/** Writes the common header (checksum left zero) at the start of `b`. */
export function writeCommonHeader(b: Uint8Array, sourcePort: number, destinationPort: number, tag: number): void {
  writeU16(b, 0, sourcePort);
  writeU16(b, 2, destinationPort);
  writeU32(b, 4, tag);
  writeU32(b, 8, 0);
}

/** Computes and stores the CRC32c of a fully written packet (RFC 9260 §6.8). */
export function sealPacket(b: Uint8Array): Uint8Array {
  writeChecksum(b, packetChecksum(b));
  return b;
}

/** Serializes a packet with its checksum. */
export function serializePacket(p: SctpPacket): Uint8Array {
  let size = COMMON_HEADER_BYTES;
  for (const c of p.chunks) size += chunkPaddedLength(c);
  const b = new Uint8Array(size);
  writeCommonHeader(b, p.sourcePort, p.destinationPort, p.verificationTag);
  let o = COMMON_HEADER_BYTES;
  for (const c of p.chunks) o = writeChunk(c, b, o);
  return sealPacket(b);
}
