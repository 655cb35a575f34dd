// Deterministic message payloads, made the same way on both sides of a data channel so
// that only digests (SHA-256 of exactly the bytes seen) have to cross the page boundary.
import { createHash } from 'node:crypto';

/** Which message to make: a UTF-8 string or bytes, of `size` bytes (UTF-8 bytes for strings). */
export interface PayloadSpec {
  kind: 'string' | 'binary';
  size: number;
  seed: number;
}

/** What one side saw of one message: its kind, its length in bytes and its SHA-256 (hex). */
export interface Digest {
  kind: 'string' | 'binary';
  bytes: number;
  sha256: string;
}

/**
 * The payload for `spec`. Self-contained (no outside names), so the page can run the same
 * source text: the harness sends `makePayload.toString()` to the page kit.
 *
 * Strings mix 1-, 2-, 3- and 4-byte UTF-8 characters (ASCII, Latin/Greek/Cyrillic, CJK,
 * emoji as surrogate pairs) so text framing and UTF-8 handling are exercised; each is a
 * valid Unicode scalar, so the string survives USVString conversion unchanged.
 */
export function makePayload(spec: PayloadSpec): string | Uint8Array {
  // xorshift32, seeded from (seed, size) so two messages of one run never share bytes.
  let state = (Math.imul(spec.seed + 1, 0x9e3779b1) ^ spec.size) >>> 0 || 1;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
  if (spec.kind === 'binary') {
    const bytes = new Uint8Array(spec.size);
    for (let i = 0; i < bytes.length; i++) bytes[i] = next() & 0xff;
    return bytes;
  }
  const chars: string[] = [];
  let remaining = spec.size;
  while (remaining > 0) {
    const r = next();
    let width = [1, 1, 2, 3, 4][r % 5]!;
    if (width > remaining) width = 1;
    const pick = r >>> 8;
    const code =
      width === 1 ? 0x20 + (pick % 0x5f) : width === 2 ? 0x80 + (pick % 0x780) : width === 3 ? 0x4e00 + (pick % 0x5200) : 0x1f300 + (pick % 0x300);
    chars.push(String.fromCodePoint(code));
    remaining -= width;
  }
  return chars.join('');
}

/** The digest of a message as Node received or sent it. */
export function digestOf(data: string | Uint8Array | ArrayBuffer): Digest {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data instanceof ArrayBuffer ? new Uint8Array(data) : data;
  return { kind: typeof data === 'string' ? 'string' : 'binary', bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** A short readable form of a digest for assertion messages. */
export function describeDigest(digest: Digest | undefined): string {
  return digest ? `${digest.kind} ${digest.bytes} B sha256 ${digest.sha256.slice(0, 16)}…` : 'nothing';
}
