// Digital signatures in ServerKeyExchange and CertificateVerify (RFC 5246 §4.7, §7.4.1.4.1),
// with TLS 1.3 code points for the RSA-PSS schemes TLS 1.2 peers may offer (RFC 8446 §4.2.3).
import { constants, sign, verify, type KeyObject } from 'node:crypto';
import { AlertDescription } from './constants.js';
import { HandshakeFailure } from './types.js';

/** SignatureAndHashAlgorithm values by name. */
export const SignatureScheme = {
  rsa_pkcs1_sha256: 0x0401,
  rsa_pkcs1_sha384: 0x0501,
  rsa_pkcs1_sha512: 0x0601,
  ecdsa_secp256r1_sha256: 0x0403,
  ecdsa_secp384r1_sha384: 0x0503,
  ecdsa_secp521r1_sha512: 0x0603,
  rsa_pss_rsae_sha256: 0x0804,
  rsa_pss_rsae_sha384: 0x0805,
  rsa_pss_rsae_sha512: 0x0806,
} as const;

interface SchemeInfo {
  hash: 'sha256' | 'sha384' | 'sha512';
  key: 'ec' | 'rsa';
  pss: boolean;
}

const SCHEMES = new Map<number, SchemeInfo>([
  [0x0403, { hash: 'sha256', key: 'ec', pss: false }],
  [0x0503, { hash: 'sha384', key: 'ec', pss: false }],
  [0x0603, { hash: 'sha512', key: 'ec', pss: false }],
  [0x0804, { hash: 'sha256', key: 'rsa', pss: true }],
  [0x0805, { hash: 'sha384', key: 'rsa', pss: true }],
  [0x0806, { hash: 'sha512', key: 'rsa', pss: true }],
  [0x0401, { hash: 'sha256', key: 'rsa', pss: false }],
  [0x0501, { hash: 'sha384', key: 'rsa', pss: false }],
  [0x0601, { hash: 'sha512', key: 'rsa', pss: false }],
]);

/** Schemes we accept from peers, in the order we advertise them. */
export const SUPPORTED_SIGNATURE_SCHEMES: readonly number[] = [...SCHEMES.keys()];

/** Whether a key is ECDSA ('ec') or RSA, the only kinds a DTLS certificate here may hold. */
export function keyKind(key: KeyObject): 'ec' | 'rsa' | undefined {
  const t = key.asymmetricKeyType;
  return t === 'ec' || t === 'rsa' ? t : undefined;
}

/**
 * The scheme we sign with for our key, given what the peer accepts: ECDSA P-256 with
 * SHA-256 or RSA PKCS#1 v1.5 with SHA-256. RFC 5246 §7.4.1.4.1: with no
 * signature_algorithms from the peer, SHA-256 is not implied, but every stack we talk
 * to sends the extension, so absence is treated as "our default".
 */
export function chooseSignatureScheme(key: KeyObject, peerSchemes: readonly number[] | undefined): number | undefined {
  const wanted = keyKind(key) === 'ec' ? SignatureScheme.ecdsa_secp256r1_sha256 : SignatureScheme.rsa_pkcs1_sha256;
  if (peerSchemes === undefined || peerSchemes.includes(wanted)) return wanted;
  return undefined;
}

/** Signs `data` with `scheme`; ECDSA signatures are DER Ecdsa-Sig-Value (RFC 8422 §5.4). */
export function signWith(scheme: number, key: KeyObject, data: Uint8Array): Uint8Array {
  const info = SCHEMES.get(scheme);
  if (!info) throw new RangeError(`unsupported signature scheme 0x${scheme.toString(16)}`);
  const sig = info.pss
    ? sign(info.hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST })
    : sign(info.hash, data, info.key === 'ec' ? { key, dsaEncoding: 'der' } : key);
  return new Uint8Array(sig);
}

/** Whether `signature` over `data` verifies with `scheme` and the peer's public key. */
export function verifyWith(scheme: number, publicKey: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  const info = SCHEMES.get(scheme);
  if (!info || keyKind(publicKey) !== info.key) return false;
  try {
    if (info.pss) {
      const opts = { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST };
      return verify(info.hash, data, opts, signature);
    }
    return verify(info.hash, data, info.key === 'ec' ? { key: publicKey, dsaEncoding: 'der' } : publicKey, signature);
  } catch {
    return false;
  }
}

/**
 * The check of a peer's signature in `what` (ServerKeyExchange, RFC 5246 §7.4.3;
 * CertificateVerify, §7.4.8), to run now or deferred: the scheme must be one we listed,
 * which is checked at once, and the signature must verify with the key of the peer's
 * certificate, read when the check runs. Both fail with decrypt_error.
 */
export function peerSignatureCheck(
  peer: { readonly peerPublicKey: KeyObject },
  what: string,
  scheme: number,
  signed: Uint8Array,
  signature: Uint8Array,
): () => void {
  if (!SUPPORTED_SIGNATURE_SCHEMES.includes(scheme)) {
    throw new HandshakeFailure(AlertDescription.decryptError, `${what} signature scheme not supported`);
  }
  return () => {
    if (!verifyWith(scheme, peer.peerPublicKey, signed, signature)) {
      throw new HandshakeFailure(AlertDescription.decryptError, `${what} signature does not verify`);
    }
  };
}
