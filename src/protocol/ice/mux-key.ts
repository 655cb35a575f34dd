// What a shared UDP port (a UDP mux) reads from a datagram to find the connection it is for:
// the local ufrag that a connectivity check's USERNAME names (RFC 8445 §7.2.2), and the
// transaction a STUN response answers (RFC 8489 §6.3.3).
import { HEADER_LENGTH, StunMethod, getUsername, isStun, messageType, parseMessage, splitMessageType, transactionKey } from '../stun/index.js';

/** The Binding request message type (RFC 8489 §5, §18.2). */
const BINDING_REQUEST = messageType('request', StunMethod.Binding);

/** Longest ufrag a mux routes by: RFC 8839 §5.4 allows up to 256 ice-chars. */
const MAX_UFRAG = 256;

/**
 * The receiver's ufrag of a STUN Binding request (`USERNAME = receiver:sender`, RFC 8445
 * §7.2.2), or undefined for anything else: not STUN, not a Binding request, no USERNAME,
 * no colon, an empty or overlong ufrag, or a malformed message (never throws).
 */
export function muxUfrag(data: Uint8Array): string | undefined {
  // RFC 8489 §5: the first two bits are zero and bytes 4-7 hold the magic cookie.
  if (!isStun(data) || ((data[0]! << 8) | data[1]!) !== BINDING_REQUEST) return undefined;
  let username: string | undefined;
  try {
    username = getUsername(parseMessage(data));
  } catch {
    return undefined;
  }
  if (username === undefined) return undefined;
  const colon = username.indexOf(':');
  if (colon <= 0 || colon > MAX_UFRAG) return undefined;
  return username.slice(0, colon);
}

/**
 * A STUN message's class and transaction ID (RFC 8489 §5: bytes 8-19) as a map key, or
 * undefined for a datagram that is not STUN. Reads the header only (never throws).
 */
export function muxTransaction(data: Uint8Array): { request: boolean; response: boolean; key: string } | undefined {
  if (!isStun(data)) return undefined;
  const cls = splitMessageType(((data[0]! << 8) | data[1]!) & 0x3fff).class;
  return { request: cls === 'request', response: cls === 'success' || cls === 'error', key: transactionKey(data.subarray(8, HEADER_LENGTH)) };
}
