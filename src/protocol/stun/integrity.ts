// MESSAGE-INTEGRITY (HMAC-SHA1, RFC 8489 §14.5) and MESSAGE-INTEGRITY-SHA256 (§14.6), and
// the long-term credential key (§9.2.2). Verification is constant-time.
import { createHash, timingSafeEqual } from 'node:crypto';
import { hmac } from '../../crypto/mac.js';
import { HEADER_LENGTH, StunAttr } from './constants.js';
import type { StunAttribute, StunMessage } from './message.js';

/** The two HMACs STUN defines. */
export type IntegrityAlgorithm = 'sha1' | 'sha256';

const encoder = new TextEncoder();

/** The full HMAC over a message prefix whose length field already covers the attribute. */
export function integrityValue(algorithm: IntegrityAlgorithm, key: Uint8Array, prefix: Uint8Array): Uint8Array {
  return hmac(algorithm, key, prefix);
}

/** RFC 8489 §9.1.1: the short-term key is the password, OpaqueString-prepared (here NFC). */
export function shortTermKey(password: string): Uint8Array {
  return encoder.encode(password.normalize('NFC'));
}

// RFC 4013 §2.1-2.2 (SASLprep): characters mapped to nothing (RFC 3454 B.1) and non-ASCII
// spaces mapped to SPACE (C.1.2), before NFKC.
const MAPPED_TO_NOTHING = /[\u00ad\u034f\u1806\u180b-\u180d\u200b-\u200d\u2060\ufe00-\ufe0f\ufeff]/g;
const NON_ASCII_SPACE = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g;

/** The mapping and normalization steps of SASLprep (RFC 4013), without its prohibitions. */
export function saslPrep(text: string): string {
  return text.replace(MAPPED_TO_NOTHING, '').replace(NON_ASCII_SPACE, ' ').normalize('NFKC');
}

/**
 * RFC 8489 §9.2.2: the long-term key is MD5(username ":" realm ":" password), with the
 * password prepared by SASLprep's mapping and normalization (as RFC 5769 §2.4 shows).
 */
export function longTermKey(username: string, realm: string, password: string): Uint8Array {
  const input = `${username}:${realm}:${saslPrep(password)}`;
  return new Uint8Array(createHash('md5').update(input, 'utf8').digest());
}

function verify(msg: StunMessage, attr: StunAttribute | undefined, algorithm: IntegrityAlgorithm, key: Uint8Array): boolean {
  const raw = msg.raw;
  if (raw === undefined || attr === undefined || attr.offset === undefined) return false;
  const len = attr.value.length;
  // RFC 8489 §14.5: MESSAGE-INTEGRITY is 20 bytes. §14.6: the SHA-256 MAC may be truncated
  // to no fewer than 16 bytes, in multiples of 4.
  if (algorithm === 'sha1' ? len !== 20 : len < 16 || len > 32 || len % 4 !== 0) return false;
  // RFC 8489 §14.5: the HMAC input is the message up to the attribute, with the header
  // length field set as if the message ended with this attribute.
  const header = raw.slice(0, HEADER_LENGTH);
  const adjusted = attr.offset + 4 + len - HEADER_LENGTH;
  header[2] = adjusted >>> 8;
  header[3] = adjusted & 0xff;
  const mac = hmac(algorithm, key, header, raw.subarray(HEADER_LENGTH, attr.offset));
  return timingSafeEqual(mac.subarray(0, len), attr.value);
}

function find(msg: StunMessage, type: number): StunAttribute | undefined {
  for (const a of msg.attributes) if (a.type === type) return a;
  return undefined;
}

/** Whether a parsed message carries a MESSAGE-INTEGRITY that `key` verifies. */
export function verifyMessageIntegrity(msg: StunMessage, key: Uint8Array): boolean {
  return verify(msg, find(msg, StunAttr.MessageIntegrity), 'sha1', key);
}

/** Whether a parsed message carries a MESSAGE-INTEGRITY-SHA256 that `key` verifies. */
export function verifyMessageIntegritySha256(msg: StunMessage, key: Uint8Array): boolean {
  return verify(msg, find(msg, StunAttr.MessageIntegritySha256), 'sha256', key);
}
