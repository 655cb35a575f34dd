// What a profile's cryptographic transform does to one packet, whatever the algorithm. The
// context (context.ts) parses headers, estimates indexes and checks replay; a transform only
// encrypts, decrypts and authenticates.

/** A packet transform for one direction's session keys. */
export interface SrtpTransform {
  /** Bytes of the tag appended to SRTP packets. */
  readonly srtpTagBytes: number;
  /** Bytes of the tag appended to SRTCP packets. */
  readonly srtcpTagBytes: number;
  /**
   * Whether E || SRTCP index ends the packet, after the tag (RFC 7714 §9: AEAD), rather than
   * coming before the tag (RFC 3711 §3.4).
   */
  readonly srtcpIndexLast: boolean;
  /** The SRTP packet for RTP `packet` whose header is `headerBytes` long. */
  protectRtp(packet: Uint8Array, headerBytes: number, ssrc: number, roc: number, seq: number): Uint8Array;
  /** The RTP packet inside SRTP `packet`, or undefined when it does not authenticate. */
  unprotectRtp(packet: Uint8Array, headerBytes: number, ssrc: number, roc: number, seq: number): Uint8Array | undefined;
  /** The SRTCP packet (encrypted, E = 1) for RTCP `packet` at SRTCP index `index`. */
  protectRtcp(packet: Uint8Array, ssrc: number, index: number): Uint8Array;
  /**
   * The RTCP packet inside SRTCP `packet` (E || index and the tag included), or undefined
   * when it does not authenticate. `encrypted` is the E flag.
   */
  unprotectRtcp(packet: Uint8Array, ssrc: number, index: number, encrypted: boolean): Uint8Array | undefined;
}

/** Bytes of the RTCP header and sender SSRC left in the clear (RFC 3711 §3.4). */
export const RTCP_CLEAR_BYTES = 8;
/** Bytes of the E flag and SRTCP index (RFC 3711 §3.4). */
export const SRTCP_INDEX_BYTES = 4;

/** Writes a 32-bit big-endian value. */
export function writeU32(out: Uint8Array, at: number, value: number): void {
  out[at] = value >>> 24;
  out[at + 1] = (value >>> 16) & 0xff;
  out[at + 2] = (value >>> 8) & 0xff;
  out[at + 3] = value & 0xff;
}

/** Reads a 32-bit big-endian value. */
export function readU32(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}
