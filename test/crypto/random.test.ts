import assert from 'node:assert/strict';
import { randomBytes, randomIceChars, randomUint32, type RandomSource } from '../../src/crypto/random.js';

/** A source that hands out 0, 1, 2, ... so outputs are predictable. */
function counter(start = 0): RandomSource {
  let next = start;
  return (n) => Uint8Array.from({ length: n }, () => next++ & 0xff);
}

describe('crypto/random', () => {
  it('randomBytes returns n fresh bytes', () => {
    const a = randomBytes(32);
    assert.ok(a instanceof Uint8Array);
    assert.equal(a.length, 32);
    assert.notDeepEqual(a, randomBytes(32));
    assert.equal(randomBytes(0).length, 0);
  });

  it('randomBytes never hands out the same pooled bytes twice, across pool refills', () => {
    // 2000 draws of 16 bytes span several 4 KiB refills; a repeat would mean reuse.
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) seen.add(Buffer.from(randomBytes(16)).toString('hex'));
    assert.equal(seen.size, 2000);
    const big = randomBytes(5000);
    assert.equal(big.length, 5000);
    // A returned array is the caller's own: changing it changes no later draw.
    const a = randomBytes(8);
    a.fill(0);
    assert.notDeepEqual(randomBytes(8), a);
  });

  it('randomUint32 reads four bytes big-endian', () => {
    assert.equal(randomUint32(() => Uint8Array.of(1, 2, 3, 4)), 0x01020304);
    assert.equal(randomUint32(() => Uint8Array.of(0xff, 0xff, 0xff, 0xff)), 0xffffffff);
    const v = randomUint32();
    assert.ok(Number.isInteger(v) && v >= 0 && v <= 0xffffffff);
  });

  it('randomIceChars maps each byte onto the 64 ice-chars of RFC 8839 §5.4', () => {
    assert.equal(
      randomIceChars(64, counter()),
      'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
    );
    // Only the low six bits matter.
    assert.equal(randomIceChars(3, () => Uint8Array.of(0x40, 0xbf, 0xff)), 'A//');
    assert.equal(randomIceChars(0, counter()), '');
  });

  it('randomIceChars defaults to strong randomness and valid characters', () => {
    const s = randomIceChars(256);
    assert.equal(s.length, 256);
    assert.match(s, /^[A-Za-z0-9+/]+$/);
  });

  it('is deterministic with an injected source', () => {
    assert.equal(randomIceChars(16, counter(7)), randomIceChars(16, counter(7)));
    assert.equal(randomUint32(counter(9)), randomUint32(counter(9)));
  });

  it('rejects short sources and bad counts', () => {
    assert.throws(() => randomUint32(() => Uint8Array.of(1)), RangeError);
    assert.throws(() => randomIceChars(4, () => Uint8Array.of(1)), RangeError);
    assert.throws(() => randomIceChars(-1), RangeError);
  });
});
