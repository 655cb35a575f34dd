// AES in counter mode and AES-GCM over node:crypto, for SRTP and SRTCP (RFC 3711 §4.1.1,
// RFC 7714). Only algorithms that Node, Bun and Deno all implement: aes-{128,256}-ctr and
// aes-{128,256}-gcm. node binds a cipher object to one IV, so each packet makes its own
// (measured: cheaper than a kept ECB cipher fed counter blocks); the key is imported into a
// KeyObject once.
import { createCipheriv, createDecipheriv, createSecretKey, type KeyObject } from 'node:crypto';

/** Bytes of an AES block, and of a counter-mode IV. */
export const AES_BLOCK_BYTES = 16;
/** Bytes of a GCM nonce as SRTP uses it (RFC 7714 §8.1). */
export const GCM_NONCE_BYTES = 12;
/** Bytes of a full GCM tag (RFC 7714 §5.2.1: SRTP uses the 16-octet tag). */
export const GCM_TAG_BYTES = 16;

function ctrName(keyBytes: number): 'aes-128-ctr' | 'aes-256-ctr' {
  if (keyBytes === 16) return 'aes-128-ctr';
  if (keyBytes === 32) return 'aes-256-ctr';
  throw new RangeError(`AES key of ${keyBytes} bytes (16 or 32 expected)`);
}

function gcmName(keyBytes: number): 'aes-128-gcm' | 'aes-256-gcm' {
  if (keyBytes === 16) return 'aes-128-gcm';
  if (keyBytes === 32) return 'aes-256-gcm';
  throw new RangeError(`AES key of ${keyBytes} bytes (16 or 32 expected)`);
}

/** AES in counter mode with a 128-bit counter block (NIST SP 800-38A §6.5). */
export class AesCtr {
  private readonly key: KeyObject;
  private readonly name: 'aes-128-ctr' | 'aes-256-ctr';

  /** Imports a 16- or 32-byte key. */
  constructor(key: Uint8Array) {
    this.name = ctrName(key.length);
    this.key = createSecretKey(Uint8Array.from(key));
  }

  /**
   * Writes `input` XOR the keystream that starts at counter block `iv` into `out` at
   * `outOffset`. The counter is the whole 16-byte block, incremented big-endian.
   */
  xor(iv: Uint8Array, input: Uint8Array, out: Uint8Array, outOffset: number): void {
    const c = createCipheriv(this.name, this.key, iv);
    const body = c.update(input);
    out.set(body, outOffset);
  }

  /** `length` bytes of keystream from counter block `iv`. */
  keystream(iv: Uint8Array, length: number): Uint8Array {
    const out = new Uint8Array(length);
    this.xor(iv, out, out, 0);
    return out;
  }
}

/** AES-GCM with a 12-byte nonce and a 16-byte tag (NIST SP 800-38D), one key. */
export class AesGcm {
  private readonly key: KeyObject;
  private readonly name: 'aes-128-gcm' | 'aes-256-gcm';

  /** Imports a 16- or 32-byte key. */
  constructor(key: Uint8Array) {
    this.name = gcmName(key.length);
    this.key = createSecretKey(Uint8Array.from(key));
  }

  /** Encrypts `plaintext` into `out` at `outOffset` as ciphertext || tag. */
  seal(nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, out: Uint8Array, outOffset: number): void {
    const c = createCipheriv(this.name, this.key, nonce, { authTagLength: GCM_TAG_BYTES });
    c.setAAD(aad);
    const body = c.update(plaintext);
    c.final();
    out.set(body, outOffset);
    out.set(c.getAuthTag(), outOffset + body.length);
  }

  /**
   * Decrypts ciphertext || tag into `out` at `outOffset` and returns true; returns false,
   * with `out` untouched, when the tag does not verify.
   */
  open(nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array, out: Uint8Array, outOffset: number): boolean {
    if (sealed.length < GCM_TAG_BYTES) return false;
    const textBytes = sealed.length - GCM_TAG_BYTES;
    try {
      const d = createDecipheriv(this.name, this.key, nonce, { authTagLength: GCM_TAG_BYTES });
      d.setAAD(aad);
      d.setAuthTag(sealed.subarray(textBytes));
      const body = d.update(sealed.subarray(0, textBytes));
      d.final(); // throws when the tag does not verify
      out.set(body, outOffset);
      return true;
    } catch {
      return false;
    }
  }
}
