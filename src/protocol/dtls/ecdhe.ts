// Ephemeral ECDH key agreement for ECDHE suites (RFC 8422 §5.10): X25519 (RFC 7748) and
// secp256r1 with uncompressed points. Private keys come from the injected Random.
import { createECDH, createPublicKey, diffieHellman, generateKeyPairSync, type ECDH, type KeyObject } from 'node:crypto';
import { NamedGroup } from './constants.js';
import type { Random } from '../types.js';

/** One side's ephemeral key for a handshake. */
export interface EcdheKey {
  /** NamedGroup. */
  group: number;
  /** Our public value as sent on the wire. */
  publicKey: Uint8Array;
  /** The shared secret with the peer's public value, or undefined if that value is invalid. */
  sharedSecret(peerPublic: Uint8Array): Uint8Array | undefined;
}

/** Groups we support, in our order of preference. */
export const SUPPORTED_GROUPS: readonly number[] = [NamedGroup.x25519, NamedGroup.secp256r1];

/**
 * X25519 ephemeral key. Deliberate exception to injected randomness: the key comes from
 * OpenSSL's generator, because importing injected bytes (PKCS#8) costs about seven times
 * as much as generating, and an ephemeral ECDHE key needs no reproducibility (the ECDSA
 * signatures of the same handshake are not reproducible either).
 *
 * The public key is encoded by the generator itself and never exported from its KeyObject
 * afterwards: node (seen on 20.20) deadlocks when a garbage collection inside
 * `KeyObject.export({ format: 'jwk' })`, which holds the key's mutex while it allocates,
 * finalizes the key-generation job that made that key, as its destructor takes the same
 * mutex. One handshake in some hundred thousand hung the whole process for good.
 */
function x25519Key(): EcdheKey {
  // node's typings have no overload for an encoded public key with a KeyObject private key.
  const generate = generateKeyPairSync as unknown as (type: 'x25519', options: object) => { publicKey: Buffer; privateKey: KeyObject };
  const { privateKey, publicKey: spki } = generate('x25519', { publicKeyEncoding: { type: 'spki', format: 'der' } });
  // RFC 8410 §4: the SubjectPublicKeyInfo of an X25519 key ends with the 32-byte key.
  const publicKey = new Uint8Array(spki.subarray(spki.length - 32));
  return {
    group: NamedGroup.x25519,
    publicKey,
    sharedSecret(peer) {
      if (peer.length !== 32) return undefined;
      try {
        const peerKey = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: Buffer.from(peer).toString('base64url') }, format: 'jwk' });
        const secret = new Uint8Array(diffieHellman({ privateKey, publicKey: peerKey }));
        // RFC 8422 §5.11: an all-zero X25519 result MUST abort the handshake.
        return secret.some((b) => b !== 0) ? secret : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

function p256Key(random: Random): EcdheKey {
  const ecdh: ECDH = createECDH('prime256v1');
  // A random 256-bit scalar is below the group order with overwhelming probability; the
  // loop covers the rare out-of-range or zero draw, which setPrivateKey rejects.
  for (let attempt = 0; ; attempt++) {
    try {
      ecdh.setPrivateKey(Buffer.from(random.bytes(32)));
      break;
    } catch (err) {
      if (attempt >= 8) throw err;
    }
  }
  const publicKey = new Uint8Array(ecdh.getPublicKey(null, 'uncompressed'));
  return {
    group: NamedGroup.secp256r1,
    publicKey,
    sharedSecret(peer) {
      // RFC 8422 §5.1.2: points are uncompressed, 0x04 || X || Y.
      if (peer.length !== 65 || peer[0] !== 4) return undefined;
      try {
        return new Uint8Array(ecdh.computeSecret(Buffer.from(peer))); // rejects points off the curve
      } catch {
        return undefined;
      }
    },
  };
}

/** A fresh ephemeral key in `group` (one of SUPPORTED_GROUPS). */
export function generateEcdheKey(group: number, random: Random): EcdheKey {
  if (group === NamedGroup.x25519) return x25519Key();
  if (group === NamedGroup.secp256r1) return p256Key(random);
  throw new RangeError(`unsupported group ${group}`);
}
