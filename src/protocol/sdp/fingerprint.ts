// a=fingerprint (RFC 8122 §5): hash of the DTLS certificate.
import { badValue, fields, isToken } from './grammar.js';

/** A parsed `a=fingerprint:<hash-func> <XX:XX:...>` value. */
export interface Fingerprint {
  /** Hash function name, lowercased: "sha-256", "sha-1", ... */
  algorithm: string;
  /** Uppercase hex pairs joined by ':'. */
  value: string;
}

// Digest sizes of the hash functions RFC 8122 §5 names, to catch truncated values.
const DIGEST_BYTES: Readonly<Record<string, number>> = {
  'md2': 16,
  'md5': 16,
  'sha-1': 20,
  'sha-224': 28,
  'sha-256': 32,
  'sha-384': 48,
  'sha-512': 64,
};

const HEX_PAIRS = /^[0-9A-F]{2}(:[0-9A-F]{2})*$/;

/**
 * Parses an `a=fingerprint` value; throws ParseError when malformed. RFC 8122 §5 asks for
 * uppercase hex; lowercase is accepted and uppercased (hex compares case-insensitively).
 */
export function parseFingerprint(value: string): Fingerprint {
  const f = fields(value);
  if (f.length !== 2 || !isToken(f[0]!)) {
    badValue('fingerprint', `expected "<hash-func> <hex>", got ${JSON.stringify(value)}`);
  }
  const algorithm = f[0]!.toLowerCase();
  const hex = f[1]!.toUpperCase();
  // RFC 8122 §5: fingerprint = 2UHEX *(":" 2UHEX)
  if (!HEX_PAIRS.test(hex)) badValue('fingerprint', 'value is not colon-separated hex pairs');
  const bytes = (hex.length + 1) / 3;
  const expected = DIGEST_BYTES[algorithm];
  if (expected !== undefined && bytes !== expected) {
    badValue('fingerprint', `${algorithm} digest has ${expected} bytes, got ${bytes}`);
  }
  return { algorithm, value: hex };
}

/** Writes an `a=fingerprint` value. */
export function serializeFingerprint(fp: Fingerprint): string {
  return `${fp.algorithm} ${fp.value}`;
}

/** The digest bytes of a parsed fingerprint. */
export function fingerprintBytes(fp: Fingerprint): Uint8Array {
  return Uint8Array.from(fp.value.split(':'), (pair) => parseInt(pair, 16));
}

/** Formats digest bytes as the uppercase colon-separated hex of a fingerprint value. */
export function formatFingerprintValue(digest: Uint8Array): string {
  return Array.from(digest, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(':');
}
