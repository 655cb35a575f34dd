// The TLS 1.2 pseudo-random function (RFC 5246 §5) and the secrets derived with it:
// extended master secret (RFC 7627 §4), key block (RFC 5246 §6.3), Finished verify_data
// (RFC 5246 §7.4.9) and exported keying material (RFC 5705 §4).
import { digest, HmacKey } from '../../crypto/mac.js';
import { concat } from './bytes.js';

/** The hash a suite's PRF uses. */
export type PrfHash = 'sha256' | 'sha384';

const encoder = new TextEncoder();

/** P_hash(secret, seed) (RFC 5246 §5), truncated to `length` bytes. */
export function pHash(hash: PrfHash, secret: Uint8Array, seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const key = new HmacKey(hash, secret);
  let a: Uint8Array = seed; // A(0) = seed
  let filled = 0;
  while (filled < length) {
    a = key.mac(a); // A(i) = HMAC_hash(secret, A(i-1))
    const block = key.mac(a, seed);
    const n = Math.min(block.length, length - filled);
    out.set(block.subarray(0, n), filled);
    filled += n;
  }
  return out;
}

/** PRF(secret, label, seed) = P_<hash>(secret, label + seed) (RFC 5246 §5). */
export function prf(hash: PrfHash, secret: Uint8Array, label: string, seed: Uint8Array, length: number): Uint8Array {
  return pHash(hash, secret, concat(encoder.encode(label), seed), length);
}

/** The digest of the handshake transcript with the suite's hash. */
export function transcriptHash(hash: PrfHash, transcript: Uint8Array): Uint8Array {
  return digest(hash, transcript);
}

/** RFC 7627 §4: master_secret = PRF(pre_master_secret, "extended master secret", session_hash)[0..47]. */
export function extendedMasterSecret(hash: PrfHash, preMasterSecret: Uint8Array, sessionHash: Uint8Array): Uint8Array {
  return prf(hash, preMasterSecret, 'extended master secret', sessionHash, 48);
}

/** The AEAD write keys and implicit IVs of both sides (RFC 5246 §6.3, RFC 5288 §3). */
export interface KeyBlock {
  /** client_write_key. */
  clientWriteKey: Uint8Array;
  /** server_write_key. */
  serverWriteKey: Uint8Array;
  /** client_write_IV: the 4-byte GCM salt. */
  clientWriteIv: Uint8Array;
  /** server_write_IV. */
  serverWriteIv: Uint8Array;
}

/** RFC 5246 §6.3: key_block = PRF(master_secret, "key expansion", server_random + client_random). */
export function keyBlock(
  hash: PrfHash,
  masterSecret: Uint8Array,
  clientRandom: Uint8Array,
  serverRandom: Uint8Array,
  keyBytes: number,
): KeyBlock {
  // RFC 5288 §3: AEAD suites have no MAC keys and a 4-byte fixed_iv per direction.
  const ivBytes = 4;
  const block = prf(hash, masterSecret, 'key expansion', concat(serverRandom, clientRandom), 2 * keyBytes + 2 * ivBytes);
  let o = 0;
  const take = (n: number): Uint8Array => block.slice(o, (o += n));
  return { clientWriteKey: take(keyBytes), serverWriteKey: take(keyBytes), clientWriteIv: take(ivBytes), serverWriteIv: take(ivBytes) };
}

/** RFC 5246 §7.4.9: verify_data = PRF(master_secret, finished_label, Hash(handshake_messages))[0..11]. */
export function finishedVerifyData(
  hash: PrfHash,
  masterSecret: Uint8Array,
  label: 'client finished' | 'server finished',
  handshakeHash: Uint8Array,
): Uint8Array {
  return prf(hash, masterSecret, label, handshakeHash, 12);
}

/**
 * RFC 5705 §4: PRF(master_secret, label, client_random + server_random [+ context_value_length
 * + context_value])[length]. DTLS-SRTP uses it without a context (RFC 5764 §4.2).
 */
export function exportKeyingMaterial(
  hash: PrfHash,
  masterSecret: Uint8Array,
  label: string,
  clientRandom: Uint8Array,
  serverRandom: Uint8Array,
  length: number,
  context?: Uint8Array,
): Uint8Array {
  const seed =
    context === undefined
      ? concat(clientRandom, serverRandom)
      : concat(clientRandom, serverRandom, Uint8Array.of(context.length >>> 8, context.length & 0xff), context);
  return prf(hash, masterSecret, label, seed, length);
}
