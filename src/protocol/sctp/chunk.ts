// The chunk union and the dispatch between chunk types (RFC 9260 §3.2).
import { pad4, writeU16 } from './bytes.js';
import { abortValueLength, parseAbort, T_BIT, writeAbortValue, type AbortChunk } from './chunk-abort.js';
import type { CookieAckChunk } from './chunk-cookie-ack.js';
import { parseCookieEcho, type CookieEchoChunk } from './chunk-cookie-echo.js';
import { dataFlags, dataValueLength, parseData, writeDataValue, type DataChunk } from './chunk-data.js';
import { errorValueLength, parseError, writeErrorValue, type ErrorChunk } from './chunk-error.js';
import { forwardTsnValueLength, parseForwardTsn, writeForwardTsnValue, type ForwardTsnChunk } from './chunk-forward-tsn.js';
import { heartbeatValueLength, parseHeartbeat, writeHeartbeatValue, type HeartbeatChunk } from './chunk-heartbeat.js';
import { initValueLength, parseInit, writeInitValue, type InitChunk } from './chunk-init.js';
import { parseReconfig, reconfigValueLength, writeReconfigValue, type ReconfigChunk } from './chunk-reconfig.js';
import { parseSack, sackValueLength, writeSackValue, type SackChunk } from './chunk-sack.js';
import type { ShutdownAckChunk } from './chunk-shutdown-ack.js';
import type { ShutdownCompleteChunk } from './chunk-shutdown-complete.js';
import { parseShutdown, type ShutdownChunk } from './chunk-shutdown.js';
import { ChunkType, CHUNK_HEADER_BYTES } from './constants.js';
import { ParseError } from './errors.js';
import { writeU32 } from './bytes.js';

/** A chunk type this stack does not implement, kept raw so its high bits can be acted on. */
export interface UnknownChunk {
  type: 'unknown';
  chunkType: number;
  flags: number;
  value: Uint8Array;
}

/** Any SCTP chunk. */
export type Chunk =
  | DataChunk
  | InitChunk
  | SackChunk
  | HeartbeatChunk
  | AbortChunk
  | ShutdownChunk
  | ShutdownAckChunk
  | ErrorChunk
  | CookieEchoChunk
  | CookieAckChunk
  | ShutdownCompleteChunk
  | ReconfigChunk
  | ForwardTsnChunk
  | UnknownChunk;

function expectEmpty(v: Uint8Array, name: string): void {
  if (v.length !== 0) throw new ParseError('SCTP_BAD_CHUNK_LENGTH', `${name} must have no value`);
}

/** Parses one chunk from its type, flags and value (the bytes after the chunk header). */
export function parseChunk(type: number, flags: number, v: Uint8Array): Chunk {
  switch (type) {
    case ChunkType.DATA:
      return parseData(flags, v);
    case ChunkType.INIT:
    case ChunkType.INIT_ACK:
      return parseInit(type, v);
    case ChunkType.SACK:
      return parseSack(v);
    case ChunkType.HEARTBEAT:
    case ChunkType.HEARTBEAT_ACK:
      return parseHeartbeat(type, v);
    case ChunkType.ABORT:
      return parseAbort(flags, v);
    case ChunkType.SHUTDOWN:
      return parseShutdown(v);
    case ChunkType.SHUTDOWN_ACK:
      expectEmpty(v, 'SHUTDOWN ACK');
      return { type };
    case ChunkType.ERROR:
      return parseError(v);
    case ChunkType.COOKIE_ECHO:
      return parseCookieEcho(v);
    case ChunkType.COOKIE_ACK:
      expectEmpty(v, 'COOKIE ACK');
      return { type };
    case ChunkType.SHUTDOWN_COMPLETE:
      expectEmpty(v, 'SHUTDOWN COMPLETE');
      return { type, reflected: (flags & T_BIT) !== 0 };
    case ChunkType.RE_CONFIG:
      return parseReconfig(v);
    case ChunkType.FORWARD_TSN:
      return parseForwardTsn(v);
    default:
      return { type: 'unknown', chunkType: type, flags, value: v.slice() };
  }
}

/** The wire type number of a chunk. */
export function chunkTypeNumber(c: Chunk): number {
  return c.type === 'unknown' ? c.chunkType : c.type;
}

function chunkFlags(c: Chunk): number {
  switch (c.type) {
    case ChunkType.DATA:
      return dataFlags(c);
    case ChunkType.ABORT:
    case ChunkType.SHUTDOWN_COMPLETE:
      return c.reflected ? T_BIT : 0;
    case 'unknown':
      return c.flags;
    default:
      return 0;
  }
}

function valueLength(c: Chunk): number {
  switch (c.type) {
    case ChunkType.DATA:
      return dataValueLength(c);
    case ChunkType.INIT:
    case ChunkType.INIT_ACK:
      return initValueLength(c);
    case ChunkType.SACK:
      return sackValueLength(c);
    case ChunkType.HEARTBEAT:
    case ChunkType.HEARTBEAT_ACK:
      return heartbeatValueLength(c);
    case ChunkType.ABORT:
      return abortValueLength(c);
    case ChunkType.SHUTDOWN:
      return 4;
    case ChunkType.ERROR:
      return errorValueLength(c);
    case ChunkType.COOKIE_ECHO:
      return c.cookie.length;
    case ChunkType.RE_CONFIG:
      return reconfigValueLength(c);
    case ChunkType.FORWARD_TSN:
      return forwardTsnValueLength(c);
    case 'unknown':
      return c.value.length;
    default:
      return 0;
  }
}

/** The chunk's Length field: header plus value, without trailing padding. */
export function chunkLength(c: Chunk): number {
  return CHUNK_HEADER_BYTES + valueLength(c);
}

/** Bytes the chunk occupies in a packet, padding included. */
export function chunkPaddedLength(c: Chunk): number {
  return pad4(chunkLength(c));
}

/** Writes a chunk (header, value, zero padding) at `o`; returns the padded end offset. */
export function writeChunk(c: Chunk, b: Uint8Array, o: number): number {
  const len = chunkLength(c);
  b[o] = chunkTypeNumber(c);
  b[o + 1] = chunkFlags(c);
  writeU16(b, o + 2, len);
  const v = o + CHUNK_HEADER_BYTES;
  switch (c.type) {
    case ChunkType.DATA:
      writeDataValue(c, b, v);
      break;
    case ChunkType.INIT:
    case ChunkType.INIT_ACK:
      writeInitValue(c, b, v);
      break;
    case ChunkType.SACK:
      writeSackValue(c, b, v);
      break;
    case ChunkType.HEARTBEAT:
    case ChunkType.HEARTBEAT_ACK:
      writeHeartbeatValue(c, b, v);
      break;
    case ChunkType.ABORT:
      writeAbortValue(c, b, v);
      break;
    case ChunkType.SHUTDOWN:
      writeU32(b, v, c.cumTsnAck);
      break;
    case ChunkType.ERROR:
      writeErrorValue(c, b, v);
      break;
    case ChunkType.COOKIE_ECHO:
      b.set(c.cookie, v);
      break;
    case ChunkType.RE_CONFIG:
      writeReconfigValue(c, b, v);
      break;
    case ChunkType.FORWARD_TSN:
      writeForwardTsnValue(c, b, v);
      break;
    case 'unknown':
      b.set(c.value, v);
      break;
    default:
      break;
  }
  const end = o + pad4(len);
  b.fill(0, o + len, end);
  return end;
}

/** One chunk as standalone bytes (padded), for tests and tools. */
export function serializeChunk(c: Chunk): Uint8Array {
  const b = new Uint8Array(chunkPaddedLength(c));
  writeChunk(c, b, 0);
  return b;
}
