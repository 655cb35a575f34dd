// RFC 7983 §7: what a datagram arriving on a WebRTC 5-tuple carries, from its first byte;
// RFC 5761 §4: RTP and RTCP told apart by the second byte once both share the port.

/** What `classifyDatagram` found. */
export type DatagramKind = 'stun' | 'zrtp' | 'dtls' | 'turn-channel' | 'rtp' | 'rtcp' | 'unknown';

/**
 * Classifies a datagram by its first byte (RFC 7983 §7): 0-3 STUN, 16-19 ZRTP, 20-63 DTLS,
 * 64-79 TURN channel data, 128-191 RTP or RTCP; anything else (and an empty datagram) is
 * unknown and is dropped by the caller.
 */
export function classifyDatagram(bytes: Uint8Array): DatagramKind {
  const b = bytes[0];
  if (b === undefined) return 'unknown';
  if (b <= 3) return 'stun';
  if (b < 16) return 'unknown';
  if (b <= 19) return 'zrtp';
  if (b <= 63) return 'dtls';
  if (b <= 79) return 'turn-channel';
  if (b < 128 || b > 191) return 'unknown';
  // An RTP or RTCP header is at least 4 bytes; shorter is neither.
  if (bytes.length < 4) return 'unknown';
  return isRtcpSecondByte(bytes[1]!) ? 'rtcp' : 'rtp';
}

/**
 * Whether the second byte of an RTP/RTCP datagram marks RTCP: RFC 5761 §4, RTCP packet types
 * 192-223 are what an RTP marker bit plus payload type 64-95 would read as, which RTP must not
 * use when multiplexed with RTCP.
 */
export function isRtcpSecondByte(b: number): boolean {
  return b >= 192 && b <= 223;
}
