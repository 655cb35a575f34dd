// TURN attributes (RFC 8656 §18): CHANNEL-NUMBER, LIFETIME, XOR-PEER-ADDRESS, DATA,
// XOR-RELAYED-ADDRESS, REQUESTED-TRANSPORT. Addresses share the XOR-MAPPED-ADDRESS format.
import {
  ParseError,
  decodeXorAddressValue,
  encodeXorAddressValue,
  getAttribute,
  type StunAttribute,
  type StunMessage,
} from '../stun/index.js';
import type { Address } from '../types.js';

/** TURN attribute types (RFC 8656 §18). */
export const TurnAttr = {
  ChannelNumber: 0x000c,
  Lifetime: 0x000d,
  XorPeerAddress: 0x0012,
  Data: 0x0013,
  XorRelayedAddress: 0x0016,
  RequestedAddressFamily: 0x0017,
  RequestedTransport: 0x0019,
  DontFragment: 0x001a,
} as const;

/** TURN error codes (RFC 8656 §19) and the long-term credential ones it reacts to (RFC 8489 §14.8). */
export const TurnErrorCodes = {
  Unauthenticated: 401,
  Forbidden: 403,
  AllocationMismatch: 437,
  StaleNonce: 438,
  WrongCredentials: 441,
  UnsupportedTransportProtocol: 442,
  AllocationQuotaReached: 486,
  InsufficientCapacity: 508,
} as const;

/** RFC 8656 §12: channel numbers 0x4000 through 0x4FFF. */
export const MIN_CHANNEL = 0x4000;
/** The last valid channel number (RFC 8656 §12). */
export const MAX_CHANNEL = 0x4fff;

/** RFC 8656 §18.7: REQUESTED-TRANSPORT carries the IP protocol number; 17 is UDP. */
export function requestedTransportAttr(protocol = 17): StunAttribute {
  return { type: TurnAttr.RequestedTransport, value: new Uint8Array([protocol, 0, 0, 0]) };
}

/** RFC 8656 §18.2: LIFETIME in seconds, 32 bits. */
export function lifetimeAttr(seconds: number): StunAttribute {
  const value = new Uint8Array(4);
  new DataView(value.buffer).setUint32(0, seconds >>> 0);
  return { type: TurnAttr.Lifetime, value };
}

/** RFC 8656 §18.1: CHANNEL-NUMBER, 16 bits followed by 16 reserved bits. */
export function channelNumberAttr(channel: number): StunAttribute {
  return { type: TurnAttr.ChannelNumber, value: new Uint8Array([channel >>> 8, channel & 0xff, 0, 0]) };
}

/** RFC 8656 §18.3: XOR-PEER-ADDRESS for a transaction. */
export function xorPeerAddressAttr(peer: Address, transactionId: Uint8Array): StunAttribute {
  return { type: TurnAttr.XorPeerAddress, value: encodeXorAddressValue(peer, transactionId) };
}

/** RFC 8656 §18.4: DATA, the application bytes of a Send or Data indication. */
export function dataAttr(data: Uint8Array): StunAttribute {
  return { type: TurnAttr.Data, value: data };
}

/** LIFETIME, if present; throws {@link ParseError} when malformed. */
export function getLifetime(msg: StunMessage): number | undefined {
  const a = getAttribute(msg, TurnAttr.Lifetime);
  if (a === undefined) return undefined;
  if (a.value.length !== 4) throw new ParseError('STUN_BAD_ATTRIBUTE', 'LIFETIME is not 4 bytes');
  return new DataView(a.value.buffer, a.value.byteOffset, 4).getUint32(0);
}

/** CHANNEL-NUMBER, if present; throws {@link ParseError} when malformed or out of range. */
export function getChannelNumber(msg: StunMessage): number | undefined {
  const a = getAttribute(msg, TurnAttr.ChannelNumber);
  if (a === undefined) return undefined;
  if (a.value.length !== 4) throw new ParseError('STUN_BAD_ATTRIBUTE', 'CHANNEL-NUMBER is not 4 bytes');
  const channel = (a.value[0]! << 8) | a.value[1]!;
  if (channel < MIN_CHANNEL || channel > MAX_CHANNEL) throw new ParseError('STUN_BAD_ATTRIBUTE', `channel ${channel} out of range`);
  return channel;
}

/** XOR-PEER-ADDRESS, if present; throws {@link ParseError} when malformed. */
export function getXorPeerAddress(msg: StunMessage): Address | undefined {
  const a = getAttribute(msg, TurnAttr.XorPeerAddress);
  return a && decodeXorAddressValue(a.value, msg.transactionId);
}

/** XOR-RELAYED-ADDRESS, if present; throws {@link ParseError} when malformed. */
export function getXorRelayedAddress(msg: StunMessage): Address | undefined {
  const a = getAttribute(msg, TurnAttr.XorRelayedAddress);
  return a && decodeXorAddressValue(a.value, msg.transactionId);
}

/** DATA, if present (a view into the message). */
export function getData(msg: StunMessage): Uint8Array | undefined {
  return getAttribute(msg, TurnAttr.Data)?.value;
}
