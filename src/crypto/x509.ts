// Reading what the DTLS handshake needs from a peer's X.509 certificate (RFC 5280 §4.1):
// its subjectPublicKeyInfo. WebRTC authenticates a certificate by its fingerprint, not by
// a chain, so nothing else in it is looked at; node's X509Certificate would parse (and
// cost) far more than this.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { P256_ALGORITHM } from './certificate.js';
import { Tag, children, readElement } from './der.js';

/** The DER subjectPublicKeyInfo of a DER certificate; RangeError when it is not one. */
export function certificateSpki(der: Uint8Array): Uint8Array {
  const certificate = readElement(der, 0);
  if (certificate.tag !== Tag.SEQUENCE || certificate.end !== der.length) throw new RangeError('X.509: not a certificate');
  const [tbs] = children(der, certificate);
  if (tbs?.tag !== Tag.SEQUENCE) throw new RangeError('X.509: no TBSCertificate');
  const fields = children(der, tbs);
  // TBSCertificate: [0] version (optional, v1 omits it), serialNumber, signature, issuer,
  // validity, subject, subjectPublicKeyInfo, ...
  const first = fields[0]?.tag === 0xa0 ? 1 : 0;
  if (fields[first]?.tag !== Tag.INTEGER) throw new RangeError('X.509: no serial number');
  for (let i = first + 1; i <= first + 5; i++) {
    if (fields[i]?.tag !== Tag.SEQUENCE) throw new RangeError('X.509: malformed TBSCertificate');
  }
  const spki = fields[first + 5]!;
  return der.subarray(spki.start, spki.end);
}

/**
 * The uncompressed point (x, y) of a P-256 subjectPublicKeyInfo, or undefined for any
 * other key. RFC 5480 §2.2: the BIT STRING holds 0x04 || x || y.
 */
function p256Point(spki: Uint8Array): { x: Uint8Array; y: Uint8Array } | undefined {
  const [algorithm, key] = children(spki, readElement(spki, 0));
  if (algorithm?.tag !== Tag.SEQUENCE || key?.tag !== Tag.BIT_STRING) return undefined;
  if (!Buffer.from(spki.subarray(algorithm.start, algorithm.end)).equals(P256_ALGORITHM)) return undefined;
  const bits = spki.subarray(key.contentsStart, key.end);
  if (bits.length !== 66 || bits[0] !== 0 || bits[1] !== 0x04) return undefined;
  return { x: bits.subarray(2, 34), y: bits.subarray(34, 66) };
}

function base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/** The public key in a DER certificate; RangeError or node's error when it is not one. */
export function certificatePublicKey(der: Uint8Array): KeyObject {
  const spki = certificateSpki(der);
  // P-256 keys (what browsers use) go in as JWK: node builds those directly, which costs
  // about half of decoding the same key from DER through OpenSSL's decoders.
  const point = p256Point(spki);
  if (point) return createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: base64url(point.x), y: base64url(point.y) }, format: 'jwk' });
  return createPublicKey({ key: Buffer.from(spki.buffer, spki.byteOffset, spki.byteLength), format: 'der', type: 'spki' });
}
