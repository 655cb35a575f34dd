// The one error type the DCEP codec throws on malformed input.

/** Stable machine-readable reasons a DCEP message was rejected. */
export type DcepErrorCode =
  | 'DCEP_TRUNCATED' // shorter than its fixed header or its lengths promise
  | 'DCEP_UNKNOWN_MESSAGE_TYPE' // neither DATA_CHANNEL_OPEN nor DATA_CHANNEL_ACK
  | 'DCEP_BAD_CHANNEL_TYPE' // a channel type RFC 8832 §8.2.2 does not define
  | 'DCEP_BAD_UTF8' // label or protocol is not valid UTF-8
  | 'DCEP_TRAILING_BYTES'; // bytes after the protocol field

/** Thrown by `parseDcepMessage` on malformed input; never anything else. */
export class ParseError extends Error {
  /** Stable reason, safe to branch on and to count in stats. */
  readonly code: DcepErrorCode;

  /** Builds an error with a stable code. */
  constructor(code: DcepErrorCode, message: string) {
    super(message);
    this.name = 'ParseError';
    this.code = code;
  }
}
