// The one error type every STUN parser in this folder throws on malformed input.

/** Stable machine-readable reasons a STUN datagram or attribute value was rejected. */
export type StunErrorCode =
  | 'STUN_TOO_SHORT' // fewer than 20 bytes
  | 'STUN_NOT_STUN' // the two most significant bits are not zero
  | 'STUN_BAD_COOKIE' // no RFC 8489 magic cookie (RFC 3489 servers are not supported)
  | 'STUN_BAD_LENGTH' // the header length is not a multiple of 4 or disagrees with the datagram
  | 'STUN_TRUNCATED_ATTRIBUTE' // an attribute runs past the end of the message
  | 'STUN_BAD_ATTRIBUTE'; // a typed attribute value is malformed

/** Thrown by every STUN `parse*` and `get*` function on malformed input; never anything else. */
export class ParseError extends Error {
  /** Stable reason, safe to branch on and to count in stats. */
  readonly code: StunErrorCode;

  /** Builds an error with its stable code. */
  constructor(code: StunErrorCode, message: string) {
    super(message);
    this.name = 'ParseError';
    this.code = code;
  }
}
