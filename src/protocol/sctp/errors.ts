// The one error type every SCTP codec in this folder throws on malformed input.

/** Stable machine-readable reasons an SCTP packet, chunk or parameter was rejected. */
export type SctpErrorCode =
  | 'SCTP_TRUNCATED' // fewer bytes than a header or a length field promises
  | 'SCTP_BAD_CHECKSUM' // CRC32c mismatch (RFC 9260 §6.8)
  | 'SCTP_BAD_CHUNK_LENGTH' // a chunk length below its minimum or past the packet end
  | 'SCTP_BAD_PARAM_LENGTH' // a parameter or error cause length that does not fit
  | 'SCTP_BAD_VALUE'; // a field with a value the RFC forbids

/** Thrown by every SCTP `parse*` function on malformed input; never anything else. */
export class ParseError extends Error {
  /** Stable reason, safe to branch on and to count in stats. */
  readonly code: SctpErrorCode;

  /** Builds an error with a stable code and a human-readable message. */
  constructor(code: SctpErrorCode, message: string) {
    super(message);
    this.name = 'ParseError';
    this.code = code;
  }
}

/** Thrown by SctpAssociation methods called in a state that forbids them (API misuse). */
export class SctpStateError extends Error {
  /** Always 'SCTP_INVALID_STATE'. */
  readonly code = 'SCTP_INVALID_STATE';

  /** Builds the error with a message naming the state. */
  constructor(message: string) {
    super(message);
    this.name = 'SctpStateError';
  }
}
