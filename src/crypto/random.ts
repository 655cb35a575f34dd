// Randomness for the whole stack. Everything that needs random bytes takes a
// `RandomSource` so tests can pass a seeded or fixed one; the default is node:crypto's CSPRNG.
import { randomBytes as nodeRandomBytes } from 'node:crypto';

/** A source of `n` random bytes; injected wherever randomness is needed. */
export type RandomSource = (n: number) => Uint8Array;

/** `n` cryptographically strong random bytes from node:crypto. */
export const randomBytes: RandomSource = (n) => {
  const buf = nodeRandomBytes(n);
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
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
