// Just enough of the RTP and RTCP headers for SRTP: what is left in the clear and which
// SSRC and sequence number a packet carries (RFC 3550 §5.1, §5.3.1, §6.4.1).

/** Bytes of the fixed RTP header (RFC 3550 §5.1). */
export const RTP_FIXED_HEADER_BYTES = 12;
/** Bytes of the RTCP header with the sender's SSRC (RFC 3550 §6.4.1). */
export const RTCP_HEADER_BYTES = 8;

/**
 * The length of the RTP header of `packet`, CSRC list and header extension included
 * (RFC 3550 §5.1, §5.3.1), when it is version 2 and fits within the first `limit` bytes;
 * otherwise -1.
 */
export function rtpHeaderBytes(packet: Uint8Array, limit: number = packet.length): number {
  if (limit < RTP_FIXED_HEADER_BYTES || packet[0]! >>> 6 !== 2) return -1;
  let n = RTP_FIXED_HEADER_BYTES + 4 * (packet[0]! & 0x0f); // CC: 4-byte CSRC identifiers
  if ((packet[0]! & 0x10) !== 0) {
    // X: a 4-byte extension header whose second half is the length in 32-bit words.
    if (n + 4 > limit) return -1;
    n += 4 + 4 * ((packet[n + 2]! << 8) | packet[n + 3]!);
  }
  return n <= limit ? n : -1;
}

/** The SSRC at bytes 8..11 of an RTP packet or 4..7 of an RTCP packet. */
export function ssrcAt(packet: Uint8Array, at: number): number {
  return ((packet[at]! << 24) | (packet[at + 1]! << 16) | (packet[at + 2]! << 8) | packet[at + 3]!) >>> 0;
}

/** The RTP sequence number (RFC 3550 §5.1). */
export function rtpSeq(packet: Uint8Array): number {
  return (packet[2]! << 8) | packet[3]!;
}
