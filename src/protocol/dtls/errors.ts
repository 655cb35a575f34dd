// Errors of the DTLS layer: one parse error type for every codec, one for API misuse.

/** Stable machine-readable reasons a DTLS record or handshake message was rejected. */
export type DtlsErrorCode =
  | 'DTLS_TRUNCATED' // input ended before a field it announced
  | 'DTLS_TRAILING_BYTES' // bytes left after a message that should have ended
  | 'DTLS_BAD_CONTENT_TYPE' // a record content type this stack does not speak
  | 'DTLS_BAD_VERSION' // a protocol version other than DTLS 1.0/1.2
  | 'DTLS_BAD_LENGTH' // a length field outside the range the RFC allows
  | 'DTLS_BAD_FRAGMENT' // a handshake fragment that overruns its message
  | 'DTLS_BAD_VALUE'; // a field holding a value the RFC forbids

/** Thrown by every DTLS `parse*` function on malformed input; never anything else. */
export class ParseError extends Error {
  /** Stable reason, safe to branch on and to count in stats. */
  readonly code: DtlsErrorCode;

  /** Builds an error with its stable code. */
  constructor(code: DtlsErrorCode, message: string) {
    super(message);
    this.name = 'ParseError';
    this.code = code;
  }
}

/** Thrown when the caller uses a DtlsConnection in a state that does not allow it. */
export class DtlsStateError extends Error {
  /** Builds the error; `message` names the call and the state. */
  constructor(message: string) {
    super(message);
    this.name = 'InvalidStateError';
  }
}
