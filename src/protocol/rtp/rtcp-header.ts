// What every RTCP packet shares (RFC 3550 §6.4.1): the packet types, the 4-byte header and the
// common part of feedback messages (RFC 4585 §6.1).
import { ParseError } from './errors.js';

/** RTCP packet types (RFC 3550 §12.1, RFC 4585 §6.1). */
export const RtcpPacketType = {
  SR: 200,
  RR: 201,
  SDES: 202,
  BYE: 203,
  APP: 204,
  /** Transport-layer feedback (RFC 4585 §6.2). */
  RTPFB: 205,
  /** Payload-specific feedback (RFC 4585 §6.3). */
  PSFB: 206,
} as const;

/** Feedback message types (FMT) of RTPFB (RFC 4585 §6.2, draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1). */
export const RtpfbFormat = { NACK: 1, TRANSPORT_CC: 15 } as const;

/** Feedback message types (FMT) of PSFB (RFC 4585 §6.3, RFC 5104 §4.3, draft-alvestrand-rmcat-remb §2.2). */
export const PsfbFormat = { PLI: 1, FIR: 4, AFB: 15 } as const;

/** The 4-byte RTCP header. */
export const RTCP_HEADER_BYTES = 4;

/** RFC 4585 §6.1: sender SSRC and media source SSRC before the FCI. */
export const FEEDBACK_HEADER_BYTES = 8;

/** Throws the ParseError of a packet whose content disagrees with its header. */
export function badPacket(message: string): never {
  throw new ParseError('RTCP_BAD_PACKET', message);
}

/** A packet kept as bytes: an unknown type or feedback format, or a known one that did not parse. */
export interface RawRtcpPacket {
  /** 'unknown' for a type or format this module does not decode; 'invalid' for a known one whose body is malformed. */
  type: 'unknown' | 'invalid';
  packetType: number;
  /** The 5-bit count / FMT / subtype field. */
  count: number;
  /** The body after the 4-byte header, padding removed. */
  body: Uint8Array;
  /** For 'invalid': why it did not parse (the ParseError's code and message). */
  reason?: string;
}
