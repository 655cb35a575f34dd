// The one error type every RTP and RTCP parser in this folder throws on malformed input.

/** Stable machine-readable reasons an RTP or RTCP packet, or a header extension value, was rejected. */
export type RtpErrorCode =
  | 'RTP_TOO_SHORT' // fewer bytes than the fixed header, its CSRC list or its extension header need
  | 'RTP_BAD_VERSION' // the version field is not 2 (RFC 3550 §5.1)
  | 'RTP_BAD_PADDING' // a padding count of zero or larger than what follows the header (RFC 3550 §5.1)
  | 'RTP_BAD_EXTENSION' // an extension block or element runs past its end (RFC 3550 §5.3.1, RFC 8285 §4)
  | 'RTP_BAD_EXTENSION_VALUE' // a typed header extension value is malformed
  | 'RTCP_TRUNCATED' // fewer than 4 bytes where an RTCP header must start
  | 'RTCP_BAD_VERSION' // a packet of the compound whose version is not 2 (RFC 3550 §6.4.1)
  | 'RTCP_BAD_LENGTH' // a length field that runs past the datagram (RFC 3550 Appendix A.2)
  | 'RTCP_BAD_PADDING' // a padding count of zero or larger than the packet body
  | 'RTCP_NOT_COMPOUND' // the first packet is not SR or RR where a compound packet is required (RFC 3550 §6.1)
  | 'RTCP_BAD_PACKET'; // a packet whose content disagrees with its header (counts, sizes, symbols)

/** Thrown by every `parse*` function of the RTP module on malformed input; never anything else. */
export class ParseError extends Error {
  /** Stable reason, safe to branch on and to count in stats. */
  readonly code: RtpErrorCode;

  /** Builds an error with a stable code and a human-readable message. */
  constructor(code: RtpErrorCode, message: string) {
    super(message);
    this.name = 'ParseError';
    this.code = code;
  }
}
