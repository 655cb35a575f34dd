// Payload protocol identifiers WebRTC data channels use (RFC 8831 §8, RFC 8832 §8.1).

/** SCTP PPIDs registered for WebRTC. */
export const Ppid = {
  /** DCEP messages (RFC 8832 §8.1). */
  DCEP: 50,
  STRING: 51,
  /** Deprecated partial string (RFC 8831 §8); accepted as a string. */
  STRING_PARTIAL: 52,
  BINARY: 53,
  /** Deprecated partial binary; accepted as binary. */
  BINARY_PARTIAL: 54,
  /** An empty string, sent as one 0 byte (RFC 8831 §6.6). */
  STRING_EMPTY: 56,
  /** An empty binary message, sent as one 0 byte. */
  BINARY_EMPTY: 57,
} as const;

const ONE_ZERO = new Uint8Array(1);
const encoder = new TextEncoder();

/** The PPID and bytes a data channel message goes out as (RFC 8831 §6.6). */
export function encodeMessage(data: string | Uint8Array): { ppid: number; bytes: Uint8Array } {
  if (typeof data === 'string') {
    if (data.length === 0) return { ppid: Ppid.STRING_EMPTY, bytes: ONE_ZERO };
    return { ppid: Ppid.STRING, bytes: encoder.encode(data) };
  }
  if (data.length === 0) return { ppid: Ppid.BINARY_EMPTY, bytes: ONE_ZERO };
  return { ppid: Ppid.BINARY, bytes: data };
}

/** A received user message: text or bytes; undefined for PPIDs that are not user data. */
export function decodeMessage(ppid: number, bytes: Uint8Array): string | Uint8Array | undefined {
  switch (ppid) {
    case Ppid.STRING:
    case Ppid.STRING_PARTIAL:
      // WebSocket-like behaviour: invalid UTF-8 becomes U+FFFD rather than an exception.
      return new TextDecoder('utf-8').decode(bytes);
    case Ppid.BINARY:
    case Ppid.BINARY_PARTIAL:
      return bytes;
    case Ppid.STRING_EMPTY:
      return '';
    case Ppid.BINARY_EMPTY:
      return new Uint8Array(0);
    default:
      return undefined;
  }
}
