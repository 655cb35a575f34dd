// RFC 4571 §2 framing: round trips, packets split across and merged within chunks, the
// length field cut in two, empty frames, and the size bound.
import assert from 'node:assert/strict';
import { FrameReader, MAX_FRAME_BYTES, frame } from '../../../src/protocol/ice/index.js';

function readAll(chunks: Uint8Array[]): Uint8Array[] {
  const r = new FrameReader();
  const out: Uint8Array[] = [];
  for (const c of chunks) {
    r.push(c);
    for (let p = r.poll(); p; p = r.poll()) out.push(Uint8Array.from(p));
  }
  return out;
}

describe('ice/framing (RFC 4571)', () => {
  it('prefixes a 16-bit big-endian length', () => {
    assert.deepEqual([...frame(new Uint8Array([7, 8, 9]))], [0, 3, 7, 8, 9]);
    const big = frame(new Uint8Array(0x1234));
    assert.deepEqual([big[0], big[1]], [0x12, 0x34]);
  });

  it('reads packets however the stream cuts them, byte by byte included', () => {
    const packets = [new Uint8Array([1]), new Uint8Array(300).fill(2), new Uint8Array([3, 3]), new Uint8Array(MAX_FRAME_BYTES).fill(4)];
    const stream = Uint8Array.from(packets.flatMap((p) => [...frame(p)]));
    for (const size of [1, 2, 3, 7, 301, 1000, stream.length]) {
      const chunks: Uint8Array[] = [];
      for (let o = 0; o < stream.length; o += size) chunks.push(stream.slice(o, o + size));
      const got = readAll(chunks);
      assert.equal(got.length, packets.length, `chunk size ${size}`);
      got.forEach((g, i) => assert.deepEqual(g, packets[i]));
    }
  });

  it('skips empty frames and holds at most one partial packet', () => {
    const r = new FrameReader();
    r.push(new Uint8Array([0, 0, 0, 2, 5]));
    assert.equal(r.emptyFrames, 1);
    assert.equal(r.poll(), undefined);
    assert.equal(r.pendingBytes, 3);
    r.push(new Uint8Array([6, 0]));
    assert.deepEqual([...r.poll()!], [5, 6]);
    assert.equal(r.pendingBytes, 1);
    assert.equal(r.packets, 1);
  });

  it('refuses to frame what the length field cannot say', () => {
    assert.throws(() => frame(new Uint8Array(MAX_FRAME_BYTES + 1)), RangeError);
  });
});
