// a=sctp-port and a=max-message-size (RFC 8841 §5-6): SCTP over DTLS parameters.
import { parseIntIn } from './grammar.js';

/** Parses an `a=sctp-port` value (RFC 8841 §5.2: a port 0-65535); throws ParseError. */
export function parseSctpPort(value: string): number {
  return parseIntIn(value.trim(), 0, 65535, 'a=sctp-port');
}

/** Writes an `a=sctp-port` value. */
export function serializeSctpPort(port: number): string {
  return String(port);
}

/**
 * Parses an `a=max-message-size` value (RFC 8841 §6: an integer number of bytes; 0 means
 * the sender may send messages of any size); throws ParseError.
 */
export function parseMaxMessageSize(value: string): number {
  return parseIntIn(value.trim(), 0, Number.MAX_SAFE_INTEGER, 'a=max-message-size');
}

/** Writes an `a=max-message-size` value. */
export function serializeMaxMessageSize(sizeBytes: number): string {
  return String(sizeBytes);
}
