// Address attributes: MAPPED-ADDRESS (RFC 8489 §14.1), XOR-MAPPED-ADDRESS (§14.2) and
// ALTERNATE-SERVER (§14.15). The value codecs are exported for TURN's XOR-PEER-ADDRESS and
// XOR-RELAYED-ADDRESS, which share the XOR-MAPPED-ADDRESS format.
import type { Address } from '../types.js';
import { MAGIC_COOKIE, StunAttr } from './constants.js';
import { ParseError } from './errors.js';
import { formatIp, parseIp } from './ip.js';
import { getAttribute, type StunAttribute, type StunMessage } from './message.js';

const FAMILY_IPV4 = 0x01;
const FAMILY_IPV6 = 0x02;

function bad(message: string): never {
  throw new ParseError('STUN_BAD_ATTRIBUTE', message);
}

/** Encodes the plain address format (family, port, address). */
export function encodeAddressValue(a: Address): Uint8Array {
  const ip = parseIp(a.address);
  if (ip === undefined || (ip.length === 4) !== (a.family === 4)) throw new TypeError(`bad IPv${a.family} address ${a.address}`);
  if (!Number.isInteger(a.port) || a.port < 0 || a.port > 0xffff) throw new RangeError(`bad port ${a.port}`);
  const out = new Uint8Array(4 + ip.length);
  out[1] = ip.length === 4 ? FAMILY_IPV4 : FAMILY_IPV6;
  out[2] = a.port >>> 8;
  out[3] = a.port & 0xff;
  out.set(ip, 4);
  return out;
}

/** Decodes the plain address format; throws {@link ParseError}. */
export function decodeAddressValue(value: Uint8Array): Address {
  if (value.length < 4) bad('address attribute too short');
  const family = value[1];
  const want = family === FAMILY_IPV4 ? 8 : family === FAMILY_IPV6 ? 20 : bad(`unknown address family ${family}`);
  if (value.length !== want) bad(`address attribute of ${value.length} bytes for its family`);
  return {
    family: family === FAMILY_IPV4 ? 4 : 6,
    port: (value[2]! << 8) | value[3]!,
    address: formatIp(value.subarray(4)),
  };
}

/** RFC 8489 §14.2: XORs port and address with the magic cookie and transaction ID, in place. */
function xorInPlace(value: Uint8Array, transactionId: Uint8Array): void {
  const cookie = [MAGIC_COOKIE >>> 24, (MAGIC_COOKIE >>> 16) & 0xff, (MAGIC_COOKIE >>> 8) & 0xff, MAGIC_COOKIE & 0xff];
  value[2]! ^= cookie[0]!;
  value[3]! ^= cookie[1]!;
  for (let i = 4; i < value.length; i++) value[i]! ^= i < 8 ? cookie[i - 4]! : transactionId[i - 8]!;
}

/** Encodes the XOR-MAPPED-ADDRESS format for a transaction. */
export function encodeXorAddressValue(a: Address, transactionId: Uint8Array): Uint8Array {
  const out = encodeAddressValue(a);
  xorInPlace(out, transactionId);
  return out;
}

/** Decodes the XOR-MAPPED-ADDRESS format; throws {@link ParseError}. */
export function decodeXorAddressValue(value: Uint8Array, transactionId: Uint8Array): Address {
  const copy = value.slice();
  if (copy.length >= 4) xorInPlace(copy, transactionId);
  return decodeAddressValue(copy);
}

/** A MAPPED-ADDRESS attribute. */
export function mappedAddressAttr(a: Address): StunAttribute {
  return { type: StunAttr.MappedAddress, value: encodeAddressValue(a) };
}

/** An XOR-MAPPED-ADDRESS attribute for a transaction. */
export function xorMappedAddressAttr(a: Address, transactionId: Uint8Array): StunAttribute {
  return { type: StunAttr.XorMappedAddress, value: encodeXorAddressValue(a, transactionId) };
}

/** An ALTERNATE-SERVER attribute. */
export function alternateServerAttr(a: Address): StunAttribute {
  return { type: StunAttr.AlternateServer, value: encodeAddressValue(a) };
}

/** MAPPED-ADDRESS, if present; throws {@link ParseError} when malformed. */
export function getMappedAddress(msg: StunMessage): Address | undefined {
  const a = getAttribute(msg, StunAttr.MappedAddress);
  return a && decodeAddressValue(a.value);
}

/** XOR-MAPPED-ADDRESS, if present; throws {@link ParseError} when malformed. */
export function getXorMappedAddress(msg: StunMessage): Address | undefined {
  const a = getAttribute(msg, StunAttr.XorMappedAddress);
  return a && decodeXorAddressValue(a.value, msg.transactionId);
}

/** ALTERNATE-SERVER, if present; throws {@link ParseError} when malformed. */
export function getAlternateServer(msg: StunMessage): Address | undefined {
  const a = getAttribute(msg, StunAttr.AlternateServer);
  return a && decodeAddressValue(a.value);
}
