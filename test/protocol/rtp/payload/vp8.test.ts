// VP8 payload format (RFC 7741): descriptor vectors from the §4.2 layout, and frames of a real
// libvpx stream packetized and depacketized byte-exact at several payload budgets.
import assert from 'node:assert/strict';
import { parseVp8Descriptor, parseVp8FrameHeader, ParseError, serializeVp8Descriptor, Vp8Depacketizer, Vp8Packetizer } from '../../../../src/protocol/rtp/payload/index.js';
import { feed, hex, number, readIvf, unhex } from './media.js';

describe('VP8 payload descriptor (RFC 7741 §4.2)', () => {
  it('reads and writes X, S, PID and a 15-bit PictureID (M=1)', () => {
    const b = unhex('90 80 92 34');
    const { descriptor, length } = parseVp8Descriptor(b);
    assert.equal(length, 4);
    assert.deepEqual(descriptor, { nonReference: false, partitionStart: true, partitionId: 0, pictureId: 0x1234, pictureId15: true });
    assert.equal(hex(serializeVp8Descriptor(descriptor)), '90809234');
  });

  it('reads a 7-bit PictureID (M=0) and a partition index', () => {
    const { descriptor, length } = parseVp8Descriptor(unhex('83 80 55 ff'));
    assert.equal(length, 3);
    assert.equal(descriptor.pictureId, 0x55);
    assert.equal(descriptor.pictureId15, false);
    assert.equal(descriptor.partitionStart, false);
    assert.equal(descriptor.partitionId, 3);
    assert.equal(hex(serializeVp8Descriptor(descriptor)), '838055');
  });

  it('reads N, L (TL0PICIDX), T (TID, Y) and K (KEYIDX) and writes them back', () => {
    const b = unhex('b0 f0 81 23 07 a5');
    const { descriptor, length } = parseVp8Descriptor(b);
    assert.equal(length, 6);
    assert.deepEqual(descriptor, { nonReference: true, partitionStart: true, partitionId: 0, pictureId: 0x123, pictureId15: true, tl0PicIdx: 7, temporalId: 2, layerSync: true, keyIdx: 5 });
    assert.equal(hex(serializeVp8Descriptor(descriptor)), hex(b));
  });

  it('a descriptor without X is one byte', () => {
    assert.deepEqual(parseVp8Descriptor(unhex('10 9d')), { descriptor: { nonReference: false, partitionStart: true, partitionId: 0 }, length: 1 });
  });

  it('truncated descriptors throw ParseError PAYLOAD_TRUNCATED', () => {
    for (const h of ['', '80', '90 80', '90 80 80', '90 40', '90 20', '90 10']) {
      assert.throws(() => parseVp8Descriptor(unhex(h)), (e: unknown) => e instanceof ParseError && e.code === 'PAYLOAD_TRUNCATED', h);
    }
  });
});

describe('VP8 frame header (RFC 6386 §9.1)', () => {
  it('reads the key frame bit and the dimensions of a libvpx key frame', () => {
    const { frames } = readIvf('vp8.ivf');
    assert.deepEqual(parseVp8FrameHeader(frames[0]!), { keyFrame: true, showFrame: true, width: 96, height: 64 });
    assert.equal(parseVp8FrameHeader(frames[1]!).keyFrame, false);
  });

  it('a key frame without the start code 9d 01 2a is a bad bitstream', () => {
    assert.throws(() => parseVp8FrameHeader(unhex('10 02 00 9d 01 2b 60 00 40 00')), (e: unknown) => e instanceof ParseError && e.code === 'PAYLOAD_BAD_BITSTREAM');
  });
});

describe('VP8 packetizer and depacketizer', () => {
  const ivf = readIvf('vp8.ivf');
  const keyOf = (f: Uint8Array): boolean => (f[0]! & 1) === 0;

  for (const mtu of [40, 200, 1200]) {
    it(`round-trips the libvpx frames byte-exact at a ${mtu}-byte payload budget`, () => {
      const p = new Vp8Packetizer({ pictureId: 0x7ffe });
      const payloads = ivf.frames.map((f) => p.packetize({ data: f, keyFrame: keyOf(f) }, mtu));
      for (const list of payloads) {
        assert.ok(list.every((x) => x.payload.length <= mtu));
        assert.deepEqual(list.map((x) => x.marker), list.map((_, i) => i === list.length - 1));
        // Balanced: packet sizes differ by at most one byte (the first has the same header).
        const sizes = list.map((x) => x.payload.length);
        assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, String(sizes));
      }
      const d = new Vp8Depacketizer();
      const out = feed(d, number(payloads));
      assert.equal(out.length, ivf.frames.length);
      out.forEach((f, i) => {
        assert.equal(hex(f.data), hex(ivf.frames[i]!));
        assert.equal(f.keyFrame, keyOf(ivf.frames[i]!));
        // The 15-bit PictureID increments and wraps (RFC 7741 §4.2).
        assert.equal(f.pictureId, (0x7ffe + i) & 0x7fff);
      });
      assert.deepEqual([out[0]!.width, out[0]!.height], [96, 64]);
      assert.equal(out[1]!.width, undefined);
      assert.deepEqual(d.stats, { packets: payloads.flat().length, malformedPackets: 0, discardedPackets: 0, duplicatePackets: 0, frames: 8, droppedFrames: 0, oversizeFrames: 0 });
    });
  }

  it('writes S=1 only on the first packet and X|I with a 15-bit PictureID on every packet, as Chromium does', () => {
    const list = new Vp8Packetizer({ pictureId: 5 }).packetize({ data: ivf.frames[0]!, keyFrame: true }, 100);
    assert.equal(hex(list[0]!.payload.subarray(0, 4)), '90808005');
    for (const x of list.slice(1)) assert.equal(hex(x.payload.subarray(0, 4)), '80808005');
  });

  it('drops a frame with a lost, reordered or malformed packet and keeps the next ones', () => {
    const p = new Vp8Packetizer();
    const payloads = ivf.frames.slice(0, 3).map((f) => p.packetize({ data: f, keyFrame: keyOf(f) }, 120));
    assert.ok(payloads[0]!.length >= 3);
    const packets = number(payloads);
    const n0 = payloads[0]!.length;

    const lost = new Vp8Depacketizer();
    const out = feed(lost, packets.filter((_, i) => i !== 1));
    assert.deepEqual(out.map((f) => hex(f.data)), [hex(ivf.frames[1]!), hex(ivf.frames[2]!)]);
    assert.equal(lost.stats.droppedFrames, 1);

    const reordered = new Vp8Depacketizer();
    const swapped = [...packets];
    [swapped[1], swapped[2]] = [swapped[2]!, swapped[1]!];
    assert.equal(feed(reordered, swapped).length, 2);
    assert.equal(reordered.stats.droppedFrames, 1);
    assert.equal(reordered.stats.discardedPackets, n0 - 1);

    const lostStart = new Vp8Depacketizer();
    assert.equal(feed(lostStart, packets.slice(1)).length, 2);
    assert.equal(lostStart.stats.discardedPackets, n0 - 1);

    const malformed = new Vp8Depacketizer();
    const bad = packets.map((x, i) => (i === 1 ? { ...x, payload: unhex('90 80') } : x));
    assert.equal(feed(malformed, bad).length, 2);
    assert.equal(malformed.stats.malformedPackets, 1);
    assert.equal(malformed.stats.droppedFrames, 1);

    const lostMarker = new Vp8Depacketizer();
    assert.equal(feed(lostMarker, packets.filter((_, i) => i !== n0 - 1)).length, 2);
  });

  it('ignores a duplicate of the packet just before', () => {
    const p = new Vp8Packetizer();
    const packets = number([p.packetize({ data: ivf.frames[0]!, keyFrame: true }, 300)]);
    const d = new Vp8Depacketizer();
    const out = feed(d, [packets[0]!, packets[0]!, ...packets.slice(1)]);
    assert.equal(out.length, 1);
    assert.equal(d.stats.duplicatePackets, 1);
  });

  it('drops a frame larger than maxFrameBytes without holding more than the cap', () => {
    const p = new Vp8Packetizer();
    const d = new Vp8Depacketizer({ maxFrameBytes: 1000 });
    const big = ivf.frames[0]!;
    assert.ok(big.length > 1000);
    const out = feed(d, number([p.packetize({ data: big, keyFrame: true }, 200), p.packetize({ data: ivf.frames[1]!, keyFrame: false }, 200)]));
    assert.equal(out.length, 1);
    assert.deepEqual([d.stats.oversizeFrames, d.stats.droppedFrames], [1, 1]);
  });

  it('refuses a budget too small for the descriptor and a byte', () => {
    assert.throws(() => new Vp8Packetizer().packetize({ data: Uint8Array.of(1, 2), keyFrame: false }, 4), RangeError);
  });
});
