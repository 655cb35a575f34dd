// Randomness for the whole stack. Everything that needs random bytes takes a
// `RandomSource` so tests can pass a seeded or fixed one; the default is node:crypto's CSPRNG.
import { randomFillSync } from 'node:crypto';

/** A source of `n` random bytes; injected wherever randomness is needed. */
export type RandomSource = (n: number) => Uint8Array;

// Small requests (ids, tags, nonces, ICE credentials) are served from a pool filled 4 KiB
// at a time: each call into the CSPRNG costs microseconds whatever its size. Every byte
// is handed out once.
const POOL_SIZE = 4096;
const pool = new Uint8Array(POOL_SIZE);
let poolAt = POOL_SIZE;

/** `n` cryptographically strong random bytes from node:crypto, in a new array. */
export const randomBytes: RandomSource = (n) => {
  if (n > POOL_SIZE / 8) return randomFillSync(new Uint8Array(n));
  if (poolAt + n > POOL_SIZE) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const out = pool.slice(poolAt, poolAt + n);
  poolAt += n;
  return out;
};

function take(source: RandomSource, n: number): Uint8Array {
  const bytes = source(n);
  if (bytes.length < n) throw new RangeError(`random source returned ${bytes.length} of ${n} bytes`);
  return bytes;
}

/** A uniformly random unsigned 32-bit integer (e.g. an SSRC or SCTP verification tag). */
export function randomUint32(source: RandomSource = randomBytes): number {
  const b = take(source, 4);
  return ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
}

// RFC 8839 §5.4: ice-char = ALPHA / DIGIT / "+" / "/". Exactly 64 characters, so the low
// six bits of each random byte pick one without bias.
const ICE_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** `n` random ice-chars (RFC 8839 §5.4), for ice-ufrag and ice-pwd. */
export function randomIceChars(n: number, source: RandomSource = randomBytes): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`bad ice-char count ${n}`);
  const b = take(source, n);
  let out = '';
  for (let i = 0; i < n; i++) out += ICE_CHARS[b[i]! & 0x3f];
  return out;
}
