// RE-CONFIG chunk and its parameters (RFC 6525 §3.1, §4).
import { readU16, readU32, writeU16, writeU32 } from './bytes.js';
import { ChunkType } from './constants.js';
import { ParseError } from './errors.js';
import { parseTlvs, tlvsLength, writeTlvs, type Tlv } from './param.js';

/** RE-CONFIG parameter types (RFC 6525 §4). */
export const ReconfigParamType = {
  OUTGOING_SSN_RESET: 13,
  INCOMING_SSN_RESET: 14,
  SSN_TSN_RESET: 15,
  RESPONSE: 16,
  ADD_OUTGOING_STREAMS: 17,
  ADD_INCOMING_STREAMS: 18,
} as const;

/** Re-configuration Response result codes (RFC 6525 §4.4). */
export const ReconfigResult = {
  SUCCESS_NOTHING_TO_DO: 0,
  SUCCESS_PERFORMED: 1,
  DENIED: 2,
  ERROR_WRONG_SSN: 3,
  ERROR_REQUEST_IN_PROGRESS: 4,
  ERROR_BAD_SEQUENCE_NUMBER: 5,
  IN_PROGRESS: 6,
} as const;

/** Outgoing SSN Reset Request (RFC 6525 §4.1); an empty `streamIds` means every stream. */
export interface OutgoingResetParam {
  kind: 'outgoing-reset';
  requestSeq: number;
  responseSeq: number;
  senderLastTsn: number;
  streamIds: number[];
}

/** Incoming SSN Reset Request (RFC 6525 §4.2). */
export interface IncomingResetParam {
  kind: 'incoming-reset';
  requestSeq: number;
  streamIds: number[];
}

/** Re-configuration Response (RFC 6525 §4.4). */
export interface ReconfigResponseParam {
  kind: 'response';
  responseSeq: number;
  result: number;
  senderNextTsn?: number;
  receiverNextTsn?: number;
}

/** Any other request (SSN/TSN reset, add streams) kept as raw TLV; this stack denies them. */
export interface OtherReconfigParam {
  kind: 'other';
  tlv: Tlv;
}

/** One RE-CONFIG parameter. */
export type ReconfigParam = OutgoingResetParam | IncomingResetParam | ReconfigResponseParam | OtherReconfigParam;

/** A RE-CONFIG chunk: one or two parameters (RFC 6525 §3.1). */
export interface ReconfigChunk {
  type: typeof ChunkType.RE_CONFIG;
  params: ReconfigParam[];
}

function streamList(v: Uint8Array, from: number): number[] {
  if ((v.length - from) & 1) throw new ParseError('SCTP_BAD_PARAM_LENGTH', 'odd stream list');
  const ids: number[] = [];
  for (let o = from; o < v.length; o += 2) ids.push(readU16(v, o));
  return ids;
}

function parseParam(t: Tlv): ReconfigParam {
  const v = t.value;
  switch (t.type) {
    case ReconfigParamType.OUTGOING_SSN_RESET:
      if (v.length < 12) throw new ParseError('SCTP_BAD_PARAM_LENGTH', 'outgoing reset too short');
      return {
        kind: 'outgoing-reset',
        requestSeq: readU32(v, 0),
        responseSeq: readU32(v, 4),
        senderLastTsn: readU32(v, 8),
        streamIds: streamList(v, 12),
      };
    case ReconfigParamType.INCOMING_SSN_RESET:
      if (v.length < 4) throw new ParseError('SCTP_BAD_PARAM_LENGTH', 'incoming reset too short');
      return { kind: 'incoming-reset', requestSeq: readU32(v, 0), streamIds: streamList(v, 4) };
    case ReconfigParamType.RESPONSE: {
      if (v.length !== 8 && v.length !== 16) throw new ParseError('SCTP_BAD_PARAM_LENGTH', 'bad response length');
      const p: ReconfigResponseParam = { kind: 'response', responseSeq: readU32(v, 0), result: readU32(v, 4) };
      if (v.length === 16) {
        p.senderNextTsn = readU32(v, 8);
        p.receiverNextTsn = readU32(v, 12);
      }
      return p;
    }
    default:
      return { kind: 'other', tlv: t };
  }
}

function toTlv(p: ReconfigParam): Tlv {
  switch (p.kind) {
    case 'outgoing-reset': {
      const v = new Uint8Array(12 + 2 * p.streamIds.length);
      writeU32(v, 0, p.requestSeq);
      writeU32(v, 4, p.responseSeq);
      writeU32(v, 8, p.senderLastTsn);
      p.streamIds.forEach((s, i) => writeU16(v, 12 + 2 * i, s));
      return { type: ReconfigParamType.OUTGOING_SSN_RESET, value: v };
    }
    case 'incoming-reset': {
      const v = new Uint8Array(4 + 2 * p.streamIds.length);
      writeU32(v, 0, p.requestSeq);
      p.streamIds.forEach((s, i) => writeU16(v, 4 + 2 * i, s));
      return { type: ReconfigParamType.INCOMING_SSN_RESET, value: v };
    }
    case 'response': {
      const full = p.senderNextTsn !== undefined && p.receiverNextTsn !== undefined;
      const v = new Uint8Array(full ? 16 : 8);
      writeU32(v, 0, p.responseSeq);
      writeU32(v, 4, p.result);
      if (full) {
        writeU32(v, 8, p.senderNextTsn!);
        writeU32(v, 12, p.receiverNextTsn!);
      }
      return { type: ReconfigParamType.RESPONSE, value: v };
    }
    case 'other':
      return p.tlv;
  }
}

/** Parses a RE-CONFIG value. */
export function parseReconfig(v: Uint8Array): ReconfigChunk {
  const tlvs = parseTlvs(v, 0, v.length);
  // RFC 6525 §3.1: a RE-CONFIG chunk carries one or two parameters.
  if (tlvs.length < 1 || tlvs.length > 2) throw new ParseError('SCTP_BAD_VALUE', 'RE-CONFIG needs 1 or 2 parameters');
  return { type: ChunkType.RE_CONFIG, params: tlvs.map(parseParam) };
}

/** Unpadded length of a RE-CONFIG value. */
export function reconfigValueLength(c: ReconfigChunk): number {
  return tlvsLength(c.params.map(toTlv));
}

/** Writes a RE-CONFIG value at `o`. */
export function writeReconfigValue(c: ReconfigChunk, b: Uint8Array, o: number): void {
  writeTlvs(c.params.map(toTlv), b, o);
}
