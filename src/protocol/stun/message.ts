// The STUN message codec (RFC 8489 §5, §14): header, class/method bits, attribute framing.
// Typed attribute values are read and written by the attribute-family files beside this one;
// MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and FINGERPRINT are appended by `serializeMessage`.
import { HEADER_LENGTH, MAGIC_COOKIE, StunAttr, type StunClass } from './constants.js';
import { ParseError } from './errors.js';
import { fingerprintValue } from './fingerprint.js';
import { integrityValue } from './integrity.js';
import type { Random } from '../types.js';

/** One attribute as on the wire: type and value without padding. */
export interface StunAttribute {
  type: number;
  /** The value; for parsed messages a view into the input bytes. */
  value: Uint8Array;
  /** Byte offset of the attribute header within `StunMessage.raw` (parsed messages only). */
  offset?: number;
}

/** A STUN message: header fields and attributes in order. */
export interface StunMessage {
  class: StunClass;
  /** 12-bit method (see `StunMethod`). */
  method: number;
  /** 96-bit transaction ID (RFC 8489 §5). */
  transactionId: Uint8Array;
  attributes: StunAttribute[];
  /** The exact bytes this message was parsed from (needed to verify integrity). */
  raw?: Uint8Array;
}

/** What `serializeMessage` appends after the attributes. */
export interface SerializeOptions {
  /** Key for MESSAGE-INTEGRITY (HMAC-SHA1): the password for short-term credentials. */
  integrityKey?: Uint8Array;
  /** Key for MESSAGE-INTEGRITY-SHA256 (HMAC-SHA256). */
  integritySha256Key?: Uint8Array;
  /** Append FINGERPRINT (RFC 8489 §14.7). */
  fingerprint?: boolean;
}

const CLASS_BITS: Record<StunClass, number> = { request: 0x000, indication: 0x010, success: 0x100, error: 0x110 };
const CLASSES: readonly StunClass[] = ['request', 'indication', 'success', 'error'];

/** RFC 8489 §5: interleaves the class bits C1 (bit 8) and C0 (bit 4) into the method bits. */
export function messageType(cls: StunClass, method: number): number {
  if (!Number.isInteger(method) || method < 0 || method > 0xfff) throw new RangeError(`bad STUN method ${method}`);
  return ((method & 0xf80) << 2) | ((method & 0x070) << 1) | (method & 0x00f) | CLASS_BITS[cls];
}

/** Splits a 14-bit message type into class and method. */
export function splitMessageType(type: number): { class: StunClass; method: number } {
  const c = ((type >> 7) & 0x2) | ((type >> 4) & 0x1);
  const method = ((type >> 2) & 0xf80) | ((type >> 1) & 0x070) | (type & 0x00f);
  return { class: CLASSES[c]!, method };
}

/**
 * RFC 7983 §7 demultiplexing plus RFC 8489 §5 header checks: first byte 0-3, at least a
 * header, and the magic cookie. Cheap; `parseMessage` does the full validation.
 */
export function isStun(bytes: Uint8Array): boolean {
  return (
    bytes.length >= HEADER_LENGTH &&
    bytes[0]! < 4 &&
    bytes[4] === 0x21 &&
    bytes[5] === 0x12 &&
    bytes[6] === 0xa4 &&
    bytes[7] === 0x42
  );
}

/** Rounds a length up to the 4-byte attribute boundary (RFC 8489 §14). */
export function padded(length: number): number {
  return (length + 3) & ~3;
}

/** A fresh 96-bit transaction ID from the injected randomness (RFC 8489 §5). */
export function newTransactionId(random: Random): Uint8Array {
  const id = random.bytes(12);
  if (id.length !== 12) throw new RangeError('random source returned a short transaction ID');
  return id;
}

/** Lowercase hex of a transaction ID, for use as a map key. */
export function transactionKey(id: Uint8Array): string {
  let s = '';
  for (const b of id) s += (b < 16 ? '0' : '') + b.toString(16);
  return s;
}

/**
 * Parses one STUN message from a datagram. Attributes after MESSAGE-INTEGRITY other than
 * MESSAGE-INTEGRITY-SHA256 and FINGERPRINT, and anything after FINGERPRINT, are dropped as
 * RFC 8489 §14.5, §14.6 and §14.7 require. Throws {@link ParseError}.
 */
export function parseMessage(bytes: Uint8Array): StunMessage {
  if (bytes.length < HEADER_LENGTH) throw new ParseError('STUN_TOO_SHORT', `${bytes.length} bytes is no STUN header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = view.getUint16(0);
  // RFC 8489 §5: the most significant 2 bits of every STUN message MUST be zeroes.
  if (type & 0xc000) throw new ParseError('STUN_NOT_STUN', 'top two bits are not zero');
  if (view.getUint32(4) !== MAGIC_COOKIE) throw new ParseError('STUN_BAD_COOKIE', 'no magic cookie');
  const length = view.getUint16(2);
  // RFC 8489 §5: the message length MUST contain the size of the message in bytes, not
  // including the header; attributes are padded, so it is always a multiple of 4.
  if (length % 4 !== 0) throw new ParseError('STUN_BAD_LENGTH', `length ${length} is not a multiple of 4`);
  if (HEADER_LENGTH + length !== bytes.length) {
    throw new ParseError('STUN_BAD_LENGTH', `header says ${length} bytes, datagram has ${bytes.length - HEADER_LENGTH}`);
  }
  const { class: cls, method } = splitMessageType(type);
  const attributes: StunAttribute[] = [];
  let afterIntegrity = false;
  let offset = HEADER_LENGTH;
  while (offset < bytes.length) {
    if (offset + 4 > bytes.length) throw new ParseError('STUN_TRUNCATED_ATTRIBUTE', 'attribute header cut short');
    const attrType = view.getUint16(offset);
    const attrLength = view.getUint16(offset + 2);
    if (offset + 4 + attrLength > bytes.length) {
      throw new ParseError('STUN_TRUNCATED_ATTRIBUTE', `attribute 0x${attrType.toString(16)} overruns the message`);
    }
    const attr: StunAttribute = { type: attrType, value: bytes.subarray(offset + 4, offset + 4 + attrLength), offset };
    offset += 4 + padded(attrLength);
    if (attrType === StunAttr.Fingerprint) {
      // RFC 8489 §14.7: FINGERPRINT MUST be the last attribute; anything after is ignored.
      attributes.push(attr);
      break;
    }
    if (afterIntegrity && attrType !== StunAttr.MessageIntegritySha256) continue;
    // RFC 8489 §14.5/§14.6: agents MUST ignore attributes after MESSAGE-INTEGRITY(-SHA256)
    // except MESSAGE-INTEGRITY-SHA256 and FINGERPRINT.
    if (attrType === StunAttr.MessageIntegrity || attrType === StunAttr.MessageIntegritySha256) afterIntegrity = true;
    attributes.push(attr);
  }
  return { class: cls, method, transactionId: bytes.subarray(8, 20), attributes, raw: bytes };
}

function writeAttribute(out: Uint8Array, view: DataView, offset: number, type: number, value: Uint8Array): number {
  if (value.length > 0xffff) throw new RangeError(`attribute 0x${type.toString(16)} is too long`);
  view.setUint16(offset, type);
  view.setUint16(offset + 2, value.length);
  out.set(value, offset + 4);
  // Padding bytes are zero (RFC 8489 §14: the padding bits MUST be ignored on receipt).
  return offset + 4 + padded(value.length);
}

/**
 * Serializes a message. MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and FINGERPRINT are
 * appended in that order when asked for, each computed as RFC 8489 §14.5-14.7 say.
 */
export function serializeMessage(msg: StunMessage, options: SerializeOptions = {}): Uint8Array {
  if (msg.transactionId.length !== 12) throw new RangeError('transaction ID must be 12 bytes');
  let bodyLength = 0;
  for (const a of msg.attributes) bodyLength += 4 + padded(a.value.length);
  const total =
    HEADER_LENGTH +
    bodyLength +
    (options.integrityKey ? 24 : 0) +
    (options.integritySha256Key ? 36 : 0) +
    (options.fingerprint ? 8 : 0);
  if (total - HEADER_LENGTH > 0xffff) throw new RangeError('STUN message too long');
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint16(0, messageType(msg.class, msg.method));
  view.setUint32(4, MAGIC_COOKIE);
  out.set(msg.transactionId, 8);
  let offset = HEADER_LENGTH;
  for (const a of msg.attributes) offset = writeAttribute(out, view, offset, a.type, a.value);
  if (options.integrityKey) {
    // RFC 8489 §14.5: the length field covers the MESSAGE-INTEGRITY attribute itself.
    view.setUint16(2, offset + 24 - HEADER_LENGTH);
    const mac = integrityValue('sha1', options.integrityKey, out.subarray(0, offset));
    offset = writeAttribute(out, view, offset, StunAttr.MessageIntegrity, mac);
  }
  if (options.integritySha256Key) {
    // RFC 8489 §14.6: likewise for MESSAGE-INTEGRITY-SHA256.
    view.setUint16(2, offset + 36 - HEADER_LENGTH);
    const mac = integrityValue('sha256', options.integritySha256Key, out.subarray(0, offset));
    offset = writeAttribute(out, view, offset, StunAttr.MessageIntegritySha256, mac);
  }
  view.setUint16(2, total - HEADER_LENGTH);
  if (options.fingerprint) {
    offset = writeAttribute(out, view, offset, StunAttr.Fingerprint, fingerprintValue(out.subarray(0, offset)));
  }
  return out;
}

/** The first attribute of this type, if any. */
export function getAttribute(msg: StunMessage, type: number): StunAttribute | undefined {
  for (const a of msg.attributes) if (a.type === type) return a;
  return undefined;
}
