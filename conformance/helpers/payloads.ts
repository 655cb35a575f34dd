// Deterministic message payloads of an exact size, and byte-for-byte comparison.
import assert from 'node:assert/strict';
import type { Received } from './probe.js';

/** A small deterministic generator (xorshift32), so a failing size is reproducible. */
function generator(seed: number): () => number {
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

/** `n` pseudo-random bytes. */
export function bytesOf(n: number, seed: number): Uint8Array {
  const next = generator(seed);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = next() & 0xff;
  return out;
}

// Characters of 1 to 4 UTF-8 bytes, so strings cross code-point boundaries everywhere.
const BY_WIDTH: Record<number, string[]> = {
  1: ['a', 'Z', '7', ' ', '~'],
  2: ['é', 'ж', 'ß'],
  3: ['€', '中', 'ワ'],
  4: ['😀', '🚀', '𝄞'],
};

/** A string whose UTF-8 encoding is exactly `n` bytes, mixing 1- to 4-byte characters. */
export function textOf(n: number, seed: number): string {
  const next = generator(seed);
  const parts: string[] = [];
  let left = n;
  while (left > 0) {
    const width = Math.min(left, 1 + (next() % 4));
    const choices = BY_WIDTH[width]!;
    parts.push(choices[next() % choices.length]!);
    left -= width;
  }
  const s = parts.join('');
  assert.equal(Buffer.byteLength(s, 'utf8'), n);
  return s;
}

/** What was sent, to compare with what arrived. */
export type Sent = { kind: 'string'; text: string } | { kind: 'binary'; bytes: Uint8Array };

/** Asserts that `got` is `sent`: same kind, same bytes (short diffs, not megabytes). */
export function assertSameMessage(got: Received | undefined, sent: Sent, what: string): void {
  assert.ok(got, `${what}: nothing arrived`);
  assert.equal(got.kind, sent.kind, `${what}: arrived as ${got.kind}`);
  if (sent.kind === 'string' && got.kind === 'string') {
    if (got.text !== sent.text) {
      const g = Buffer.from(got.text);
      const s = Buffer.from(sent.text);
      assert.fail(`${what}: text differs (${g.length} bytes arrived, ${s.length} sent; first difference at byte ${firstDifference(g, s)})`);
    }
  } else if (sent.kind === 'binary' && got.kind === 'binary') {
    if (Buffer.compare(Buffer.from(got.bytes), Buffer.from(sent.bytes)) !== 0) {
      assert.fail(`${what}: bytes differ (${got.bytes.length} arrived, ${sent.bytes.length} sent; first difference at ${firstDifference(got.bytes, sent.bytes)})`);
    }
  }
}

function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}
