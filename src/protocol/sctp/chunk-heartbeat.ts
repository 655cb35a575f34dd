// HEARTBEAT and HEARTBEAT ACK chunks share one layout (RFC 9260 §3.3.5, §3.3.6).
import { ChunkType, ParamType } from './constants.js';
import { ParseError } from './errors.js';
import { findTlv, parseTlvs, writeTlvs } from './param.js';

/** A HEARTBEAT or HEARTBEAT ACK: the sender-specific info travels back unchanged. */
export interface HeartbeatChunk {
  type: typeof ChunkType.HEARTBEAT | typeof ChunkType.HEARTBEAT_ACK;
  /** Value of the Heartbeat Info parameter, opaque to the receiver. */
  info: Uint8Array;
}

/** Parses a HEARTBEAT or HEARTBEAT ACK value. */
export function parseHeartbeat(
  type: typeof ChunkType.HEARTBEAT | typeof ChunkType.HEARTBEAT_ACK,
  v: Uint8Array,
): HeartbeatChunk {
  const info = findTlv(parseTlvs(v, 0, v.length), ParamType.HEARTBEAT_INFO);
  // RFC 9260 §3.3.5: the Heartbeat Info parameter is mandatory.
  if (info === undefined) throw new ParseError('SCTP_BAD_VALUE', 'HEARTBEAT without Heartbeat Info');
  return { type, info: info.value };
}

/** Unpadded length of a HEARTBEAT value. */
export function heartbeatValueLength(c: HeartbeatChunk): number {
  return 4 + c.info.length;
}

/** Writes a HEARTBEAT value at `o`. */
export function writeHeartbeatValue(c: HeartbeatChunk, b: Uint8Array, o: number): void {
  writeTlvs([{ type: ParamType.HEARTBEAT_INFO, value: c.info }], b, o);
}
