// Deterministic randomness for tests (STYLE.md habit 10): the engines take a `Random`, and
// tests give them this seeded one so runs repeat.
import type { Random } from '../../src/protocol/types.js';

/** mulberry32: a tiny deterministic 32-bit PRNG returning floats in [0, 1); never for keys. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded `Random` for the engines; `next()` gives the underlying float stream. */
export function seededRandom(seed: number): Random & { next(): number } {
  const next = mulberry32(seed);
  return {
    next,
    bytes(n: number): Uint8Array {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = Math.floor(next() * 256);
      return out;
    },
    uint32(): number {
      return Math.floor(next() * 4294967296) >>> 0;
    },
  };
}
