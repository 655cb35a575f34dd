// ERROR chunk (RFC 9260 §3.3.10) and helpers for the error causes it and ABORT carry.
import { readU16, writeU16 } from './bytes.js';
import { CauseCode, ChunkType } from './constants.js';
import { parseTlvs, tlvsLength, writeTlvs, type Tlv } from './param.js';

/** An ERROR chunk: reports conditions that do not close the association. */
export interface ErrorChunk {
  type: typeof ChunkType.ERROR;
  causes: Tlv[];
}

/** Parses an ERROR value. */
export function parseError(v: Uint8Array): ErrorChunk {
  return { type: ChunkType.ERROR, causes: parseTlvs(v, 0, v.length) };
}

/** Unpadded length of an ERROR value. */
export function errorValueLength(c: ErrorChunk): number {
  return tlvsLength(c.causes);
}

/** Writes an ERROR value at `o`. */
export function writeErrorValue(c: ErrorChunk, b: Uint8Array, o: number): void {
  writeTlvs(c.causes, b, o);
}

/** An Invalid Stream Identifier cause (RFC 9260 §3.3.10.1). */
export function invalidStreamCause(streamId: number): Tlv {
  const value = new Uint8Array(4);
  writeU16(value, 0, streamId);
  return { type: CauseCode.INVALID_STREAM_IDENTIFIER, value };
}

/** A User-Initiated Abort cause carrying a UTF-8 reason (RFC 9260 §3.3.10.12). */
export function userAbortCause(reason: string): Tlv {
  return { type: CauseCode.USER_INITIATED_ABORT, value: new TextEncoder().encode(reason) };
}

/** A Protocol Violation cause with a UTF-8 explanation (RFC 9260 §3.3.10.13). */
export function protocolViolationCause(reason: string): Tlv {
  return { type: CauseCode.PROTOCOL_VIOLATION, value: new TextEncoder().encode(reason) };
}

/** A No User Data cause naming the offending TSN (RFC 9260 §3.3.10.9). */
export function noUserDataCause(tsn: number): Tlv {
  const value = new Uint8Array(4);
  value[0] = tsn >>> 24;
  value[1] = tsn >>> 16;
  value[2] = tsn >>> 8;
  value[3] = tsn;
  return { type: CauseCode.NO_USER_DATA, value };
}

/** Human-readable text for a list of causes, for 'closed' and 'error' events. */
export function describeCauses(causes: readonly Tlv[]): string {
  return causes
    .map((c) => {
      if (c.type === CauseCode.USER_INITIATED_ABORT || c.type === CauseCode.PROTOCOL_VIOLATION) {
        return new TextDecoder('utf-8', { fatal: false }).decode(c.value);
      }
      if (c.type === CauseCode.UNRECOGNIZED_CHUNK_TYPE && c.value.length >= 1) return `unrecognized chunk ${c.value[0]}`;
      if (c.type === CauseCode.INVALID_STREAM_IDENTIFIER && c.value.length >= 2) return `invalid stream ${readU16(c.value, 0)}`;
      return `cause ${c.type}`;
    })
    .join('; ');
}
