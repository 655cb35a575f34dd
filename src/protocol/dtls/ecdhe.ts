// Ephemeral ECDH key agreement for ECDHE suites (RFC 8422 §5.10): X25519 (RFC 7748) and
// secp256r1 with uncompressed points. Private keys come from the injected Random.
import { createECDH, createPrivateKey, createPublicKey, diffieHellman, type ECDH, type KeyObject } from 'node:crypto';
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

// PKCS#8 and SPKI DER prefixes for a raw X25519 key (RFC 8410 §7 and §4).
const X25519_PKCS8_PREFIX = Uint8Array.from(Buffer.from('302e020100300506032b656e04220420', 'hex'));
const X25519_SPKI_PREFIX = Uint8Array.from(Buffer.from('302a300506032b656e032100', 'hex'));

function withPrefix(prefix: Uint8Array, key: Uint8Array): Buffer {
  const b = Buffer.alloc(prefix.length + key.length);
  b.set(prefix);
  b.set(key, prefix.length);
  return b;
}

function x25519Key(random: Random): EcdheKey {
  const privateKey: KeyObject = createPrivateKey({ key: withPrefix(X25519_PKCS8_PREFIX, random.bytes(32)), format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const publicKey = new Uint8Array(spki.subarray(spki.length - 32));
  return {
    group: NamedGroup.x25519,
    publicKey,
    sharedSecret(peer) {
      if (peer.length !== 32) return undefined;
      try {
        const peerKey = createPublicKey({ key: withPrefix(X25519_SPKI_PREFIX, peer), format: 'der', type: 'spki' });
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
  if (group === NamedGroup.x25519) return x25519Key(random);
  if (group === NamedGroup.secp256r1) return p256Key(random);
  throw new RangeError(`unsupported group ${group}`);
}
