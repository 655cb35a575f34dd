// Digests and HMAC (RFC 2104) over node's one-shot hash (node >= 20.12; createHash before
// that). The inputs of handshakes and STUN are short: there, making a Hash or Hmac object
// costs more than the digest itself, and far more on a cold path.
import * as nodeCrypto from 'node:crypto';

/** The digests the stack MACs or hashes with. */
export type DigestName = 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

// RFC 2104 §2: B, the block size of the hash, in bytes.
const BLOCK_BYTES: Record<DigestName, number> = { sha1: 64, sha224: 64, sha256: 64, sha384: 128, sha512: 128 };

type OneShot = (algorithm: string, data: Uint8Array, outputEncoding: 'buffer') => Buffer;
const oneShot = (nodeCrypto as { hash?: OneShot }).hash;

/** The digest of the concatenated parts. */
export function digest(name: DigestName, ...parts: Uint8Array[]): Uint8Array {
  const data = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  return oneShot ? oneShot(name, data, 'buffer') : nodeCrypto.createHash(name).update(data).digest();
}

/** An HMAC key, its padded blocks made once for every MAC computed with it. */
export class HmacKey {
  private readonly innerPad: Uint8Array;
  private readonly outerPad: Uint8Array;
  /** A copy of the key. */
  readonly key: Uint8Array;

  constructor(
    readonly name: DigestName,
    key: Uint8Array,
  ) {
    this.key = Uint8Array.from(key);
    const block = BLOCK_BYTES[name];
    // RFC 2104 §2: a key longer than B is hashed first; a shorter one is padded with zeros.
    const k = key.length > block ? digest(name, key) : key;
    this.innerPad = new Uint8Array(block).fill(0x36);
    this.outerPad = new Uint8Array(block).fill(0x5c);
    for (let i = 0; i < k.length; i++) {
      this.innerPad[i]! ^= k[i]!;
      this.outerPad[i]! ^= k[i]!;
    }
  }

  /** HMAC(key, the concatenated parts) = H(K ^ opad, H(K ^ ipad, text)). */
  mac(...parts: Uint8Array[]): Uint8Array {
    return digest(this.name, this.outerPad, digest(this.name, this.innerPad, ...parts));
  }
}

const keys = new WeakMap<Uint8Array, HmacKey>();

/**
 * HMAC of the concatenated parts with `key`. The padded key is kept while the caller keeps
 * the same `key` array (STUN's password bytes, for every message of a session) unchanged.
 */
export function hmac(name: DigestName, key: Uint8Array, ...parts: Uint8Array[]): Uint8Array {
  let k = keys.get(key);
  if (k === undefined || k.name !== name || k.key.length !== key.length || !nodeCrypto.timingSafeEqual(k.key, key)) {
    k = new HmacKey(name, key);
    keys.set(key, k);
  }
  return k.mac(...parts);
}

/** Whether two MACs are equal, in time that depends on their length only. */
export function macEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && nodeCrypto.timingSafeEqual(a, b);
}
