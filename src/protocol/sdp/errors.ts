// The one error type every SDP parser in this folder throws on malformed input.

/** Stable machine-readable reasons an SDP text or attribute value was rejected. */
export type SdpErrorCode =
  | 'SDP_BAD_LINE' // not of the form <letter>=<value>
  | 'SDP_BAD_CHARACTER' // NUL or a lone CR inside a line
  | 'SDP_UNKNOWN_LINE_TYPE' // a type letter RFC 8866 does not define
  | 'SDP_UNEXPECTED_LINE' // a known line in a place the grammar forbids
  | 'SDP_DUPLICATE_LINE' // a second copy of a line allowed once
  | 'SDP_MISSING_LINE' // a required v=, o=, s= or t= line is absent
  | 'SDP_BAD_VERSION'
  | 'SDP_BAD_ORIGIN'
  | 'SDP_BAD_SESSION_NAME'
  | 'SDP_BAD_CONNECTION'
  | 'SDP_BAD_BANDWIDTH'
  | 'SDP_BAD_TIMING'
  | 'SDP_BAD_MEDIA'
  | 'SDP_BAD_ATTRIBUTE_VALUE'; // a typed attribute view rejected the value

/** Thrown by every SDP `parse*` function on malformed input; never anything else. */
export class ParseError extends Error {
  /** Stable reason, safe to branch on and to count in stats. */
  readonly code: SdpErrorCode;
  /** 1-based line number in the SDP text, when the error belongs to one line. */
  readonly line: number | undefined;

  /** Builds an error; `line` is set only by the session-level parser. */
  constructor(code: SdpErrorCode, message: string, line?: number) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.name = 'ParseError';
    this.code = code;
    this.line = line;
  }
}
