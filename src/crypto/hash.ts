// Certificate fingerprints as SDP carries them (RFC 8122 §5, which replaced RFC 4572).
import { digest, type DigestName } from './mac.js';

/** Hash function textual names usable in `a=fingerprint` (IANA registry, RFC 8122 §5). */
export type FingerprintAlgorithm = 'sha-1' | 'sha-224' | 'sha-256' | 'sha-384' | 'sha-512';

/** Every supported fingerprint algorithm, strongest last. */
export const FINGERPRINT_ALGORITHMS: readonly FingerprintAlgorithm[] = [
  'sha-1',
  'sha-224',
  'sha-256',
  'sha-384',
  'sha-512',
];

const NODE_NAMES: Record<FingerprintAlgorithm, DigestName> = {
  'sha-1': 'sha1',
  'sha-224': 'sha224',
  'sha-256': 'sha256',
  'sha-384': 'sha384',
  'sha-512': 'sha512',
};

/** Bytes as uppercase hex pairs joined by colons, e.g. "0A:FF:12". */
export function colonHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    if (i > 0) out += ':';
    out += bytes[i]!.toString(16).padStart(2, '0');
  }
  return out.toUpperCase();
}

/**
 * The fingerprint of a DER certificate: RFC 8122 §5: each byte in uppercase hex,
 * separated by colons. Throws TypeError for an algorithm name it does not know.
 */
export function fingerprint(der: Uint8Array, algorithm: FingerprintAlgorithm): string {
  const name = NODE_NAMES[algorithm];
  if (name === undefined) throw new TypeError(`unsupported fingerprint algorithm '${String(algorithm)}'`);
  return colonHex(digest(name, der));
}

/** Whether `name` is one `fingerprint` supports (exact, lowercase: fold SDP's case first). */
export function isFingerprintAlgorithm(name: string): name is FingerprintAlgorithm {
  return Object.prototype.hasOwnProperty.call(NODE_NAMES, name);
}
